import { describe, expect, it } from "vitest";
import { formatLocatedIssue } from "../../../gateway-lambda/store/serve-file/located-issue";
import { checkConfigurationFile } from "../../../provider/configuration-files/configuration-file";
import type { KnownKeys } from "../../../provider/configuration-files/key-reference-checks";

const KNOWN: KnownKeys = {
  names: new Map([
    ["openai-primary", "openai"],
    ["openai-backup", "openai"],
    ["anthropic-main", "anthropic"],
  ]),
  source: "keyway.keys.yaml",
};

/** Lines of YAML without the common indentation, so a test's line numbers are those it shows. */
function yaml(strings: TemplateStringsArray): string {
  const lines = strings.raw.join("").replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.search(/\S/)));
  return lines.map((line) => line.slice(indent)).join("\n");
}

function problems(text: string, known: KnownKeys | undefined = KNOWN, path = "prod.yaml"): string[] {
  return checkConfigurationFile(text, path, known).issues.map(formatLocatedIssue);
}

const PROD = yaml`
  name: prod
  access: { providers: { allow: [openai] } }
  router:
    rules:
      - provider: openai
        steps:
          - type: user
            keys: [{ key: openai-primary }, { key: openai-backup }]
`;

describe("checkConfigurationFile", () => {
  it("accepts a configuration with named keys and returns it as written", () => {
    const file = checkConfigurationFile(PROD, "routing/prod.yaml", KNOWN);

    expect(file.issues).toEqual([]);
    expect(file.name).toBe("prod");
    expect(file.value?.router).toEqual({
      rules: [
        {
          provider: "openai",
          steps: [{ type: "user", keys: [{ key: "openai-primary" }, { key: "openai-backup" }] }],
        },
      ],
    });
  });

  it("does not check key names when no keys are known", () => {
    const file = checkConfigurationFile(
      PROD.replace("openai-backup", "nobody-knows"),
      "prod.yaml",
      undefined,
    );

    expect(file.issues).toEqual([]);
  });

  it("says a name is empty", () => {
    expect(problems(PROD.replace("{ key: openai-backup }", '{ key: "" }'))).toEqual([
      "prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: is empty; name a provider key, e.g. openai-primary",
    ]);
  });

  it("says a name must be a string", () => {
    expect(problems(PROD.replace("{ key: openai-backup }", "{ key: 42 }"))).toEqual([
      "prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: must be a string, not a number",
    ]);
  });

  it("suggests the reference fields for an unknown one next to key", () => {
    expect(problems(PROD.replace("{ key: openai-backup }", "{ key: openai-backup, weight: 2 }"))).toEqual([
      'prod.yaml:8:65: error: router.rules[0].steps[0].keys[1].weight: unknown field "weight"; expected one of "key", "id"',
    ]);
  });

  it("suggests { id } for a kwpk_ id written as a bare string", () => {
    expect(problems(PROD.replace("{ key: openai-backup }", "kwpk_abcdefghijklmnopqrstuvwxyz"))).toEqual([
      "prod.yaml:8:43: error: router.rules[0].steps[0].keys[1]: must be an object like { id: kwpk_abcdefghijklmnopqrstuvwxyz }, not a string",
    ]);
  });

  it("swaps names back into the validator's messages", () => {
    expect(problems(PROD.replace("{ key: openai-backup }", "{ key: openai-primary }"))).toEqual([
      'prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: duplicate key "openai-primary" (also router.rules[0].steps[0].keys[0]); a step tries each key once',
    ]);
  });

  it("lists the known keys when nothing is close", () => {
    expect(problems(PROD.replace("openai-backup", "azure"))).toEqual([
      'prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: unknown provider key "azure"; known keys (from keyway.keys.yaml): openai-primary, openai-backup, anthropic-main',
    ]);
  });

  it("says where the names would come from when there are none", () => {
    const none = { names: new Map(), source: "providerKeys" };
    expect(problems(PROD, none)).toEqual([
      'prod.yaml:8:25: error: router.rules[0].steps[0].keys[0].key: unknown provider key "openai-primary"; providerKeys names no keys',
      'prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: unknown provider key "openai-backup"; providerKeys names no keys',
    ]);
  });

  it("checks a key's provider against a model rule's provider", () => {
    expect(problems(PROD.replace("- provider: openai", "- model: anthropic:claude-sonnet-4-5"))).toEqual([
      'prod.yaml:5:7: warning: router.rules[0]: provider "anthropic" is not in access.providers.allow, so this rule never applies',
      'prod.yaml:8:25: error: router.rules[0].steps[0].keys[0].key: provider key "openai-primary" is a "openai" key, but this rule routes "anthropic"; use a key of that provider',
      'prod.yaml:8:50: error: router.rules[0].steps[0].keys[1].key: provider key "openai-backup" is a "openai" key, but this rule routes "anthropic"; use a key of that provider',
    ]);
  });

  it("locates issues in a JSON file", () => {
    const json = '{\n  "name": "prod",\n  "timeouts": { "total": "soon" }\n}\n';
    expect(problems(json, KNOWN, "prod.json")).toEqual([
      'prod.json:3:26: error: timeouts.total: "soon" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
    ]);
  });

  it("refuses a file that is not a mapping", () => {
    expect(problems("- name: prod\n")).toEqual([
      "prod.yaml:1:1: error: the configuration must be an object, not an array",
    ]);
  });

  it("recognizes a keyway serve file", () => {
    expect(problems("providerKeys: []\nconfigurations: []\n")).toEqual([
      "prod.yaml:1:1: error: this is a keyway serve file (providerKeys, configurations, ...); a configuration file holds one access-key configuration (name, access, router)",
    ]);
  });

  it("keeps the validator's warnings as warnings", () => {
    const text = PROD.replace("allow: [openai]", "allow: [anthropic]");
    const file = checkConfigurationFile(text, "prod.yaml", undefined);

    expect(file.issues.map(formatLocatedIssue)).toEqual([
      'prod.yaml:5:7: warning: router.rules[0]: provider "openai" is not in access.providers.allow, so this rule never applies',
    ]);
  });
});
