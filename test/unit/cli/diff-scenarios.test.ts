import { describe, expect, it } from "vitest";
import { diffConfigurationSets } from "../../../cli/diff-configurations";
import { renderChanges } from "../../../cli/diff-output";
import { readPaths } from "../../../cli/diff-sources";

const CHANGES = "test/fixtures/gitops/changes";

/** What `keyway diff <before> <after>` prints for a scenario folder of test/fixtures/gitops/changes. */
function summary(scenario: string, format: "human" | "markdown" | "json" = "human"): string {
  const { base, head } = readPaths(`${CHANGES}/${scenario}/before`, `${CHANGES}/${scenario}/after`);
  return renderChanges(diffConfigurationSets(base, head), format);
}

describe("keyway diff: what a routing change does to traffic (test/fixtures/gitops/changes)", () => {
  it.each<[string, (D: string) => string[]]>([
    [
      "access-removed",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, 1 needs attention",
        "",
        "NEEDS ATTENTION",
        "  prod: access removed: every provider and model is now allowed (was: providers anthropic, openai; models anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  ! access removed: every provider and model is now allowed (was: providers anthropic, openai; models anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
      ],
    ],
    [
      "configuration-set",
      (D: string) => [
        "keyway diff: 4 changes in 4 configurations, 3 need attention",
        "",
        "NEEDS ATTENTION",
        "  experiments: new configuration: allows every provider and model; routes openrouter (openrouter-main, openrouter-backup)",
        "  legacy: configuration removed; the access keys that use it lose their routing",
        `  stage: renamed from staging (${D}/before/staging.yml -> ${D}/after/stage.yml); the file name is the resource name, so Pulumi replaces the configuration and it gets a new kwac_ id`,
        "",
        `batch (${D}/after/batch.json)`,
        "  - new configuration: allows models openai:gpt-4o-mini; routes openai:gpt-4o-mini (openai-backup)",
        "",
        `experiments (${D}/after/experiments.yaml)`,
        "  ! new configuration: allows every provider and model; routes openrouter (openrouter-main, openrouter-backup)",
        "",
        `legacy (${D}/before/legacy.yaml)`,
        "  ! configuration removed; the access keys that use it lose their routing",
        "",
        `stage (${D}/after/stage.yml)`,
        `  ! renamed from staging (${D}/before/staging.yml -> ${D}/after/stage.yml); the file name is the resource name, so Pulumi replaces the configuration and it gets a new kwac_ id`,
      ],
    ],
    [
      "failover-order",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - openai: failover order openai-primary, openai-backup -> openai-backup, openai-primary",
      ],
    ],
    ["formatting-only", () => ["keyway diff: no routing changes"]],
    [
      "models-unrestricted",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, 1 needs attention",
        "",
        "NEEDS ATTENTION",
        "  prod: models.allow removed: every model is now allowed (was: anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  ! models.allow removed: every model is now allowed (was: anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
      ],
    ],
    [
      "provider-allowed",
      (D: string) => [
        "keyway diff: 3 changes in 1 configuration, 2 need attention",
        "",
        "NEEDS ATTENTION",
        "  prod: provider google newly allowed",
        "  prod: model google:gemini-2.5-flash newly allowed",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  ! provider google newly allowed",
        "  ! model google:gemini-2.5-flash newly allowed",
        "  - google: new rule, tries google-main, google-backup",
      ],
    ],
    [
      "provider-blocked",
      (D: string) => [
        "keyway diff: 2 changes in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - provider anthropic now blocked; its rule no longer applies",
        "  - model openai:gpt-4o now blocked; its rule no longer applies",
      ],
    ],
    [
      "renamed-fields",
      (D: string) => [
        "keyway diff: 2 changes in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - name: prod -> production",
        "  - description changed",
      ],
    ],
    [
      "rotation",
      (D: string) => [
        "keyway diff: 2 changes in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - openai: openai-backup removed from rotation (no failover left)",
        "  - anthropic: anthropic-backup added to rotation",
      ],
    ],
    [
      "routing-unrestricted",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, 1 needs attention",
        "",
        "NEEDS ATTENTION",
        "  prod: router rules removed: every allowed provider is now served by all of the namespace's keys for it (ordered by name)",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  ! router rules removed: every allowed provider is now served by all of the namespace's keys for it (ordered by name)",
      ],
    ],
    [
      "rules-removed",
      (D: string) => [
        "keyway diff: 2 changes in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - openai:gpt-4o: model rule removed; the model now follows the openai rule (openai-primary, openai-backup)",
        "  - anthropic: rule removed; requests for anthropic now get no route",
      ],
    ],
    [
      "steps",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - openai: steps [openai-primary, openai-backup] -> [openai-primary] then [openai-backup]",
      ],
    ],
    [
      "timeouts",
      (D: string) => [
        "keyway diff: 3 changes in 1 configuration, none needs attention",
        "",
        `prod (${D}/after/prod.yaml)`,
        "  - timeouts.perAttempt: 30s -> default",
        "  - timeouts.total: 90s -> 60s",
        "  - timeouts.firstToken: default -> 10s",
      ],
    ],
    [
      "unreadable",
      (D: string) => [
        "keyway diff: 1 change in 1 configuration, 1 needs attention",
        "",
        "NEEDS ATTENTION",
        `  prod: ${D}/after/prod.yaml cannot be read (line 5: Flow sequence in block collection must be sufficiently indented and end with a ]); run keyway validate`,
        "",
        `prod (${D}/after/prod.yaml)`,
        `  ! ${D}/after/prod.yaml cannot be read (line 5: Flow sequence in block collection must be sufficiently indented and end with a ]); run keyway validate`,
      ],
    ],
  ])("%s", (scenario, expected) => {
    const lines = expected(`${CHANGES}/${scenario}`);

    expect(summary(scenario)).toBe(`${lines.join("\n")}\n`);
  });
});

describe("keyway diff: formats and pairing", () => {
  it("writes a pull-request comment with --format markdown, what needs attention first", () => {
    expect(summary("provider-allowed", "markdown")).toBe(
      [
        "### keyway diff: routing changes",
        "",
        "3 changes in 1 configuration, 2 need attention.",
        "",
        "#### Needs attention",
        "",
        "- **prod**: provider google newly allowed",
        "- **prod**: model google:gemini-2.5-flash newly allowed",
        "",
        "#### prod",
        "",
        `\`${CHANGES}/provider-allowed/after/prod.yaml\``,
        "",
        "- **needs attention**: provider google newly allowed",
        "- **needs attention**: model google:gemini-2.5-flash newly allowed",
        "- google: new rule, tries google-main, google-backup",
        "",
      ].join("\n"),
    );
  });

  it("says there is nothing to review in Markdown too", () => {
    expect(summary("formatting-only", "markdown")).toBe(
      "### keyway diff: routing changes\n\nNo routing changes.\n",
    );
  });

  it("escapes Markdown in names and writes arrows", () => {
    const before = [
      { id: "prod", path: "prod.yaml", text: configurationText("[{ key: key_a }, { key: key_b }]") },
    ];
    const after = [
      { id: "prod", path: "prod.yaml", text: configurationText("[{ key: key_b }, { key: key_a }]") },
    ];

    expect(renderChanges(diffConfigurationSets(before, after), "markdown")).toContain(
      "- openai: failover order key\\_a, key\\_b → key\\_b, key\\_a",
    );
  });

  it("lists structured changes with --format json", () => {
    const path = `${CHANGES}/rotation/after/prod.yaml`;
    expect(JSON.parse(summary("rotation", "json"))).toEqual([
      {
        configuration: "prod",
        file: path,
        kind: "key-removed",
        detail: "openai: openai-backup removed from rotation (no failover left)",
        attention: false,
      },
      {
        configuration: "prod",
        file: path,
        kind: "key-added",
        detail: "anthropic: anthropic-backup added to rotation",
        attention: false,
      },
    ]);
  });

  it("pairs a moved file with its old self by the configuration's name, and reports what else changed", () => {
    const before = [
      { id: "staging", path: "staging.yaml", text: configurationText("[{ key: a }, { key: b }]", "staging") },
    ];
    const after = [
      { id: "stage", path: "stage.yaml", text: configurationText("[{ key: b }, { key: a }]", "staging") },
    ];

    expect(diffConfigurationSets(before, after).map((change) => [change.kind, change.attention])).toEqual([
      ["configuration-renamed", true],
      ["failover-order", false],
    ]);
  });

  it("ignores keyway serve files, which are not configurations", () => {
    const serve = { id: "keyway", path: "keyway.yaml", text: "providerKeys: []\nconfigurations: []\n" };

    expect(diffConfigurationSets([], [serve])).toEqual([]);
  });

  it("names what still serves a provider whose rule is removed", () => {
    const both = `name: prod
router:
  rules:
    - provider: openai
      steps: [{ type: user, keys: [{ key: a }, { key: b }] }]
    - model: openai:gpt-4o
      steps: [{ type: user, keys: [{ key: b }, { key: a }] }]
`;
    const modelOnly = both.replace(/ {4}- provider: openai\n.*\n/, "");

    expect(
      diffConfigurationSets(
        [{ id: "p", path: "p.yaml", text: both }],
        [{ id: "p", path: "p.yaml", text: modelOnly }],
      ).map((change) => change.detail),
    ).toEqual([
      "openai: rule removed; requests for openai now get no route, except openai:gpt-4o (their own rules)",
    ]);
  });
});

function configurationText(keys: string, name = "prod"): string {
  return `name: ${name}
access: { providers: { allow: [openai] } }
router:
  rules:
    - provider: openai
      steps: [{ type: user, keys: ${keys} }]
`;
}
