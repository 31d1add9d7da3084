import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hashToken } from "../../../../../contract/token-hash";
import { DEFAULT_GATEWAY_SETTINGS } from "../../../../../gateway-lambda/store/gateway-store";
import { ENV, problems, snapshotOf, yaml } from "./serve-file-helpers";

describe("loadServeFile: the example file", () => {
  const example = readFileSync("test/fixtures/serve/keyway.yaml", "utf8");

  it("serves keys from the environment, configurations, access keys by token hash, providers and settings", () => {
    const snapshot = snapshotOf(example);

    expect([...snapshot.providerKeys.values()]).toEqual([
      { id: "openai-primary", providerId: "openai", name: "OpenAI primary", value: ENV.OPENAI_API_KEY },
      {
        id: "openai-backup",
        providerId: "openai",
        name: "OpenAI backup (second org)",
        value: ENV.OPENAI_BACKUP_API_KEY,
      },
      {
        id: "anthropic-primary",
        providerId: "anthropic",
        name: "Anthropic primary",
        value: ENV.ANTHROPIC_API_KEY,
      },
      { id: "local-llm", providerId: "local-llm", name: "Local LLM", value: "not-needed-locally" },
    ]);
    expect(snapshot.configurations.get("prod")?.configuration.router?.rules[0]?.steps[0]?.keys).toEqual([
      { id: "openai-primary" },
      { id: "openai-backup" },
    ]);
    expect(snapshot.configurations.get("prod")?.configuration).not.toHaveProperty("id");
    expect([...snapshot.configurations.keys()]).toEqual(["prod", "experiments"]);
    expect(snapshot.accessKeysByTokenHash.get(hashToken(ENV.KEYWAY_WEB_TOKEN))).toEqual({
      id: "web-app",
      name: "Web app (production)",
      configurationId: "prod",
      tokenSha256: hashToken(ENV.KEYWAY_WEB_TOKEN),
      expiresAt: null,
      disabled: false,
    });
    expect(
      snapshot.accessKeysByTokenHash.get(hashToken("kw-ci-smoke-token-0123456789abcdefghij")),
    ).toMatchObject({
      id: "ci-smoke-tests",
      configurationId: "experiments",
      expiresAt: "2027-06-30T00:00:00.000Z",
    });
    expect(snapshot.providers.get("local-llm")).toEqual({
      id: "local-llm",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    expect(snapshot.providers.get("openai")).toEqual({ id: "openai", baseUrl: "https://api.openai.com/v1" });
    expect(snapshot.settings).toEqual(DEFAULT_GATEWAY_SETTINGS);
    expect(snapshot.loadedAt).toBe(1_000);
  });

  it("has no warnings", () => {
    expect(problems(example)).toEqual([]);
  });

  it("names every missing environment variable at its value", () => {
    expect(problems(example, {})).toEqual([
      "keyway.yaml:14:12: error: providerKeys[0].value: environment variable OPENAI_API_KEY is not set; set it, or write the value in the file",
      "keyway.yaml:18:12: error: providerKeys[1].value: environment variable OPENAI_BACKUP_API_KEY is not set; set it, or write the value in the file",
      "keyway.yaml:22:12: error: providerKeys[2].value: environment variable ANTHROPIC_API_KEY is not set; set it, or write the value in the file",
      "keyway.yaml:61:12: error: accessKeys[0].token: environment variable KEYWAY_WEB_TOKEN is not set; set it, or write the value in the file",
    ]);
  });
});

describe("loadServeFile: environment variables", () => {
  it("substitutes inside longer strings and keeps $${ as a literal ${", () => {
    const snapshot = snapshotOf(
      yaml`
      providerKeys:
        - providerId: openai
          name: \${TEAM} key $\${not-a-variable}
          value: prefix-\${OPENAI_API_KEY}
    `,
      { ...ENV, TEAM: "search" },
    );

    expect([...snapshot.providerKeys.values()]).toEqual([
      {
        id: "search-key-not-a-variable",
        providerId: "openai",
        name: `search key \${not-a-variable}`,
        value: `prefix-${ENV.OPENAI_API_KEY}`,
      },
    ]);
  });

  it("reports a ${ that is no variable reference", () => {
    expect(
      problems(yaml`
        providerKeys:
          - providerId: openai
            name: primary
            value: \${OPENAI API KEY}
      `),
    ).toEqual([
      `keyway.yaml:4:12: error: providerKeys[0].value: has a "\${" that starts no environment variable reference; write \${NAME} (letters, digits and _), or "$\${" for a literal "\${"`,
    ]);
  });

  it("never shows a substituted value in a message, even where a value is echoed", () => {
    const output = problems(yaml`
      providerKeys:
        - providerId: openai
          name: primary
          value: \${OPENAI_API_KEY}
      configurations:
        - id: prod
          name: prod
          router:
            rules:
              - provider: openai
                steps: [{ type: user, keys: [{ id: "\${OPENAI_API_KEY}" }] }]
    `);

    expect(output).toEqual([
      `keyway.yaml:11:46: error: configurations[0].router.rules[0].steps[0].keys[0].id: unknown provider key "\${OPENAI_API_KEY}" (declared: primary); declare it under providerKeys`,
    ]);
    expect(output.join("\n")).not.toContain(ENV.OPENAI_API_KEY);
  });
});

describe("loadServeFile: positions", () => {
  it("reports YAML syntax errors with their line and column, and nothing else", () => {
    expect(
      problems(yaml`
        providerKeys:
          - id: a
            id: b
      `),
    ).toEqual(["keyway.yaml:3:5: error: Map keys must be unique"]);
  });

  it("reads JSON too, with positions", () => {
    const text = '{\n  "providerKeys": [\n    { "providerId": "opnai", "name": "x", "value": "v" }\n  ]\n}\n';

    expect(problems(text)).toEqual([
      'keyway.yaml:3:21: error: providerKeys[0].providerId: unknown provider "opnai"; did you mean "openai"?',
    ]);
  });

  it("points at the field's name for an unknown field, and at the entry for a missing one", () => {
    expect(
      problems(yaml`
        configurations:
          - id: prod
            description: no name
            router:
              rules:
                - provider: openai
                  stepz: []
        acessKeys: []
      `),
    ).toEqual([
      "keyway.yaml:2:5: error: configurations[0].name: is required",
      'keyway.yaml:7:11: error: configurations[0].router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?',
      'keyway.yaml:8:1: error: acessKeys: unknown field "acessKeys"; did you mean "accessKeys"?',
    ]);
  });

  it("reports an empty file and a file that is not a mapping", () => {
    expect(problems("")).toEqual([
      "keyway.yaml:1:1: error: the file is empty; declare providerKeys, configurations and accessKeys",
    ]);
    expect(problems("- a\n- b\n")).toEqual([
      "keyway.yaml:1:1: error: the file must be an object, not an array",
    ]);
  });
});

describe("loadServeFile: ids", () => {
  it("refuses duplicate ids, explicit or derived from names", () => {
    const text = yaml`
      providers:
        - { id: local, baseUrl: "http://localhost:8000/v1" }
        - { id: local, baseUrl: "http://localhost:8001/v1" }
      providerKeys:
        - { id: main, providerId: openai, name: a, value: v }
        - { id: main, providerId: openai, name: b, value: v }
        - { providerId: openai, name: OpenAI Backup, value: v }
        - { providerId: openai, name: openai backup!, value: v }
      configurations:
        - { id: prod, name: prod }
        - { id: prod, name: prod 2 }
    `;

    expect(problems(text)).toEqual([
      'keyway.yaml:3:11: error: providers[1].id: duplicate id "local" (also providers[0]); ids must be unique',
      'keyway.yaml:6:11: error: providerKeys[1].id: duplicate id "main" (also providerKeys[0]); ids must be unique',
      'keyway.yaml:8:33: error: providerKeys[3].name: duplicate id "openai-backup", derived from this name (also providerKeys[2]); give one of them an explicit id',
      'keyway.yaml:11:11: error: configurations[1].id: duplicate id "prod" (also configurations[0]); ids must be unique',
    ]);
  });

  it("refuses an id outside the rule and a name that yields none", () => {
    const text = yaml`
      providerKeys:
        - { id: "my key", providerId: openai, name: a, value: v }
        - { providerId: openai, name: "!!!", value: v }
    `;

    expect(problems(text)).toEqual([
      'keyway.yaml:2:11: error: providerKeys[0].id: "my key" is not a valid id; use 1 to 64 letters, digits, "_", "." and "-", starting with a letter or digit',
      "keyway.yaml:3:33: error: providerKeys[1].name: has no letters or digits to derive an id from; add an id",
    ]);
  });
});

describe("loadServeFile: hostile input", () => {
  it("refuses aliases that expand past the limit instead of hanging", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 8; level++) {
      const previous = `*a${level - 1}`;
      lines.push(`a${level}: &a${level} [${Array(10).fill(previous).join(", ")}]`);
    }

    expect(problems(lines.join("\n"))).toEqual([
      "keyway.yaml:1:1: error: Excessive alias count indicates a resource exhaustion attack",
    ]);
  });
});
