import { describe, expect, it } from "vitest";
import { validateFiles } from "../../../cli/validate-check";
import { formatLocatedIssue } from "../../../gateway-lambda/store/serve-file/located-issue";

const GITOPS = "test/fixtures/gitops";
const R = `${GITOPS}/broken/routing`;
const KEYS = `openai-primary, openai-backup, anthropic-main, anthropic-backup`;

/** Every problem `keyway validate <paths>` prints, as it prints them. */
function problems(...paths: string[]): string[] {
  return validateFiles(paths, { env: {}, cwd: process.cwd() }).issues.map(formatLocatedIssue);
}

describe("keyway validate on broken configuration files (test/fixtures/gitops/broken)", () => {
  it.each([
    [
      "unknown-key.yaml",
      `9:25: error: router.rules[0].steps[0].keys[0].key: unknown provider key "openai-primar"; did you mean "openai-primary"? Known keys (from ${R}/keyway.keys.yaml): ${KEYS}`,
    ],
    [
      "unknown-key-no-suggestion.yaml",
      `10:20: error: router.rules[0].steps[0].keys[1].key: unknown provider key "azure-east"; known keys (from ${R}/keyway.keys.yaml): ${KEYS}`,
    ],
    [
      "wrong-provider-key.yaml",
      '9:50: error: router.rules[0].steps[0].keys[1].key: provider key "openai-backup" is a "openai" key, but this rule routes "anthropic"; use a key of that provider',
    ],
    [
      "dead-model-rule.yaml",
      '9:7: warning: router.rules[1]: model "openai:gpt-4o" is not in access.models.allow, so this rule never applies',
    ],
    [
      "duplicate-rule.yaml",
      '7:7: error: router.rules[1]: duplicate rule for provider "openai" (also router.rules[0]); merge their steps into one rule',
    ],
    [
      "single-key.yaml",
      "6:7: warning: router.rules[0]: only one key (anthropic-main) serves this rule, so there is no failover when it fails; add a second key",
    ],
    [
      "allow-all.yaml",
      "2:1: warning: access: is not set, so this configuration allows every provider and model; restrict access.providers.allow or access.models.allow",
    ],
    [
      "empty-access.yaml",
      "3:3: warning: access: restricts neither providers nor models, so this configuration allows every provider and model; add providers.allow or models.allow",
    ],
    [
      "misspelled-field.yaml",
      '6:7: error: router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?',
    ],
    [
      "ngrok-step.yaml",
      '7:17: error: router.rules[0].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
    ],
    [
      "inline-key.yaml",
      "10:15: error: router.rules[0].steps[0].keys[1]: inline keys ({ name, value }) are not accepted: a key value must not live in a configuration; declare a keyway.ProviderKey and reference its id ({ id: providerKey.id })",
    ],
    [
      "bad-timeout.yaml",
      '9:10: error: timeouts.total: "2h" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
    ],
    ["missing-name.yaml", "1:1: error: name: is required"],
    [
      "model-without-provider.yaml",
      '6:9: error: access.models.allow[1]: "gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"',
    ],
    [
      "uppercase-provider.yaml",
      '2:32: error: access.providers.allow[0]: "OpenAI" is not a valid provider id; provider ids are lowercase, e.g. "openai"',
    ],
    [
      "key-as-string.yaml",
      "8:18: error: router.rules[0].steps[0].keys[0]: must be an object like { key: openai-primary }, not a string",
    ],
    [
      "key-and-id.yaml",
      '9:15: error: router.rules[0].steps[0].keys[0]: has both "key" and "id"; name the key ({ key: openai-primary }) or give its id',
    ],
    [
      "duplicate-key.yaml",
      '8:74: error: router.rules[0].steps[0].keys[2].key: duplicate key "openai-primary" (also router.rules[0].steps[0].keys[0]); a step tries each key once',
    ],
    [
      "ngrok-key-id.json",
      '8:54: error: router.rules[0].steps[0].keys[0].id: "aigpk_123" is not a keyway provider key id; reference a keyway.ProviderKey\'s id output (kwpk_...)',
    ],
    [
      "random-strategy.yaml",
      '8:33: error: router.rules[0].steps[0].keySelectionStrategy: "random" is not a key selection strategy; the only one is "ordered" (keys are tried in list order)',
    ],
    [
      "syntax-error.yaml",
      "3:1: error: Flow map in block collection must be sufficiently indented and end with a }",
    ],
    [
      "empty.yaml",
      "1:1: error: the file is empty; write one access-key configuration in it (name, access, router)",
    ],
    [
      "serve-file-shape.yaml",
      '8:1: error: accessKeys: unknown field "accessKeys"; expected one of "name", "description", "metadata", "access", "router", "timeouts"',
    ],
  ])("%s: %s", (file, expected) => {
    expect(problems(`${R}/${file}`)).toEqual([`${R}/${file}:${expected}`]);
  });

  it("reports a misspelled reference field at the reference and at the field", () => {
    expect(problems(`${R}/misspelled-key-field.yaml`)).toEqual([
      `${R}/misspelled-key-field.yaml:8:18: error: router.rules[0].steps[0].keys[0].key: is required: the name of a provider key, e.g. openai-primary`,
      `${R}/misspelled-key-field.yaml:8:20: error: router.rules[0].steps[0].keys[0].kee: unknown field "kee"; did you mean "key"?`,
    ]);
  });

  it("reports a model of another provider, and the keys that then belong to another provider", () => {
    expect(problems(`${R}/model-of-other-provider.yaml`)).toEqual([
      `${R}/model-of-other-provider.yaml:6:14: error: router.rules[0].model: "anthropic:claude-sonnet-4-5" is a model of provider "anthropic", but the rule's provider is "openai"; make them match or remove "provider"`,
      `${R}/model-of-other-provider.yaml:7:43: error: router.rules[0].steps[0].keys[0].key: provider key "anthropic-main" is a "anthropic" key, but this rule routes "openai"; use a key of that provider`,
      `${R}/model-of-other-provider.yaml:7:68: error: router.rules[0].steps[0].keys[1].key: provider key "anthropic-backup" is a "anthropic" key, but this rule routes "openai"; use a key of that provider`,
    ]);
  });

  it("reports every problem of a folder at once, file by file", () => {
    const report = validateFiles([`${R}/single-key.yaml`, `${R}/bad-timeout.yaml`], {
      env: {},
      cwd: process.cwd(),
    });

    expect(report.issues.map((issue) => issue.file)).toEqual([
      `${R}/single-key.yaml`,
      `${R}/bad-timeout.yaml`,
    ]);
    expect(report.files).toBe(2);
  });

  it("gives no advice on a file that has errors", () => {
    // key-as-string.yaml has one usable key left in its rule, but is broken anyway.
    expect(problems(`${R}/key-as-string.yaml`)).toHaveLength(1);
  });
});

describe("keyway validate on the files around configurations", () => {
  it("refuses two files that would be the same configuration", () => {
    expect(
      problems(`${GITOPS}/same-name/routing/prod.json`, `${GITOPS}/same-name/routing/prod.yaml`),
    ).toEqual([
      `${GITOPS}/same-name/routing/prod.yaml:1:1: error: ${GITOPS}/same-name/routing/prod.json also defines configuration "prod" (a configuration is named after its file); keep one of them`,
    ]);
  });

  it("checks the key catalogue a file uses; a key with a bad provider stays a known name", () => {
    const folder = `${GITOPS}/broken-catalog/routing`;
    expect(problems(`${folder}/prod.yaml`)).toEqual([
      `${folder}/keyway.keys.yaml:2:16: error: openai-backup: "OpenAI" is not a valid provider id; use lowercase letters, digits and "-", e.g. "openai"`,
      `${folder}/keyway.keys.yaml:3:17: error: anthropic-main: must be a string, not an object; write name: provider, e.g. openai-primary: openai`,
    ]);
  });

  it("checks a keyway serve file with the serve loader, without its environment variables", () => {
    expect(problems(`${GITOPS}/broken-serve/keyway.yaml`)).toEqual([
      `${GITOPS}/broken-serve/keyway.yaml:16:22: error: accessKeys[0].configurationId: unknown configuration "prd"; did you mean "prod"?`,
    ]);
  });

  it("says which files had no key catalogue", () => {
    const report = validateFiles([`${GITOPS}/no-catalog/routing/staging.yml`], {
      env: {},
      cwd: process.cwd(),
    });

    expect(report.unchecked).toEqual([`${GITOPS}/no-catalog/routing/staging.yml`]);
    expect(report.issues).toEqual([]);
  });

  it("takes the keys from --keys instead of the nearest catalogue", () => {
    const keys = { names: new Map([["openai-primary", "openai"]]), source: "--keys" };
    const report = validateFiles([`${GITOPS}/valid/routing/staging.yml`], {
      env: {},
      cwd: process.cwd(),
      keys: { inline: keys },
    });

    expect(report.issues.map(formatLocatedIssue)).toEqual([
      `${GITOPS}/valid/routing/staging.yml:9:39: error: router.rules[0].steps[0].keys[0].key: unknown provider key "openai-backup"; known keys (from --keys): openai-primary`,
    ]);
  });

  it("finds nothing wrong in the valid repository", () => {
    const folder = `${GITOPS}/valid/routing`;
    const files = ["batch.json", "keyway.keys.yaml", "prod.yaml", "staging.yml"].map(
      (file) => `${folder}/${file}`,
    );

    expect(validateFiles(files, { env: {}, cwd: process.cwd() })).toEqual({
      files: 4,
      issues: [],
      unchecked: [],
    });
  });
});
