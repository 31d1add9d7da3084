import { describe, expect, it } from "vitest";
import { KEY_AND_CONFIGURATION, problems, snapshotOf, yaml } from "./serve-file-helpers";

describe("loadServeFile: references between sections", () => {
  it("refuses a configuration that references an unknown provider key, suggesting the close one", () => {
    expect(
      problems(KEY_AND_CONFIGURATION.replace("{ id: openai-primary }", "{ id: openai-primar }")),
    ).toEqual([
      'keyway.yaml:14:28: error: configurations[0].router.rules[0].steps[0].keys[0].id: unknown provider key "openai-primar"; did you mean "openai-primary"?',
    ]);
  });

  it("refuses a key of another provider than its rule's", () => {
    const text = KEY_AND_CONFIGURATION.replace("- provider: openai", "- model: anthropic:claude-sonnet-4-5");

    expect(problems(text)).toEqual([
      'keyway.yaml:14:28: error: configurations[0].router.rules[0].steps[0].keys[0].id: provider key "openai-primary" is a "openai" key, but this rule routes "anthropic"; use a key of that provider',
    ]);
  });

  it("refuses a rule for a provider that is neither built in nor declared", () => {
    expect(problems(KEY_AND_CONFIGURATION.replace("- provider: openai", "- provider: my-llm"))).toEqual([
      'keyway.yaml:11:21: error: configurations[0].router.rules[0].provider: unknown provider "my-llm"; use a built-in provider (openai, anthropic, google, groq, deepseek, mistral, openrouter, xai, moonshotai, z-ai, hyperbolic, inference-net), or declare it under providers',
    ]);
  });

  it("refuses an access key that references an unknown configuration", () => {
    const text = yaml`
      configurations:
        - { id: prod, name: prod }
      accessKeys:
        - name: web
          configurationId: prd
          token: \${KEYWAY_TOKEN}
    `;

    expect(problems(text)).toEqual([
      'keyway.yaml:5:22: error: accessKeys[0].configurationId: unknown configuration "prd"; did you mean "prod"?',
    ]);
  });

  it("keeps the contract validator's messages, re-rooted and with the file's key ids", () => {
    const text = KEY_AND_CONFIGURATION.replace(
      "keys: [{ id: openai-primary }]",
      "keys: [{ id: openai-primary }, { id: openai-primary }]",
    );

    expect(problems(text)).toEqual([
      'keyway.yaml:14:52: error: configurations[0].router.rules[0].steps[0].keys[1].id: duplicate key "openai-primary" (also configurations[0].router.rules[0].steps[0].keys[0]); a step tries each key once',
    ]);
  });

  it("accepts kwpk_ ids copied from Pulumi outputs", () => {
    const id = "kwpk_abcdefghijklmnopqrstuvwxyz";
    const snapshot = snapshotOf(KEY_AND_CONFIGURATION.replaceAll("openai-primary", id));

    expect([...snapshot.providerKeys.keys()]).toEqual([id]);
    expect(snapshot.configurations.get("prod")?.configuration.router?.rules[0]?.steps[0]?.keys).toEqual([
      { id },
    ]);
  });
});
