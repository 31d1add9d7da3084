import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CapturedResource,
  type DynamicProviderPlugin,
  runProgramUnderMocks,
  startDynamicProviderPlugin,
  stripSecrets,
} from "../../support/engine";

const K1 = "kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
const K2 = "kwpk_bbbbbbbbbbbbbbbbbbbbbbbbbb";
const step = (...keys: string[]) => ({
  type: "user",
  keySelectionStrategy: "ordered",
  keys: keys.map((id) => ({ id })),
});
const TYPE = "pulumi-nodejs:dynamic/keyway:AccessKeyConfiguration";

/** Each case: configuration fields, and the exact failures `pulumi preview` shows for them. */
const CASES: [string, Record<string, unknown>, string[]][] = [
  [
    "a missing name",
    { router: { rules: [{ provider: "openai", steps: [step(K1)] }] } },
    ["name: is required"],
  ],
  [
    "a step with no keys",
    { name: "p", router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [] }] }] } },
    ["router.rules[0].steps[0].keys: must have at least 1 key"],
  ],
  [
    "an ngrok step",
    { name: "p", router: { rules: [{ provider: "openai", steps: [{ type: "ngrok" }] }] } },
    [
      'router.rules[0].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
    ],
  ],
  [
    "a misspelled field",
    { name: "p", router: { rules: [{ provider: "openai", stepz: [step(K1)] }] } },
    ['router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?'],
  ],
  [
    "two rules for one provider",
    {
      name: "p",
      router: {
        rules: [
          { provider: "openai", steps: [step(K1)] },
          { provider: "openai", steps: [step(K2)] },
        ],
      },
    },
    [
      'router.rules[1]: duplicate rule for provider "openai" (also router.rules[0]); merge their steps into one rule',
    ],
  ],
  [
    "two rules for one model in different spellings",
    {
      name: "p",
      router: {
        rules: [
          { model: "openai:gpt-4o", steps: [step(K1)] },
          { model: "openai/GPT-4o", steps: [step(K2)] },
        ],
      },
    },
    [
      'router.rules[1]: duplicate rule for model "openai:GPT-4o" (also router.rules[0]); merge their steps into one rule',
    ],
  ],
  [
    "a provider id in capitals",
    { name: "p", access: { providers: { allow: ["OpenAI"] } } },
    [
      'access.providers.allow[0]: "OpenAI" is not a valid provider id; provider ids are lowercase, e.g. "openai"',
    ],
  ],
  [
    "a model without a provider",
    { name: "p", access: { models: { allow: ["gpt-4o"] } } },
    ['access.models.allow[0]: "gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"'],
  ],
  [
    "an ngrok.ai key id",
    { name: "p", router: { rules: [{ provider: "openai", steps: [step("aigpk_123")] }] } },
    [
      'router.rules[0].steps[0].keys[0].id: "aigpk_123" is not a keyway provider key id; reference a keyway.ProviderKey\'s id output (kwpk_...)',
    ],
  ],
  [
    "an inline key value",
    {
      name: "p",
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ name: "inline", value: "sk-inline-0000000000000" }] }],
          },
        ],
      },
    },
    [
      "router.rules[0].steps[0].keys[0]: inline keys ({ name, value }) are not accepted: a key value must not live in a configuration; declare a keyway.ProviderKey and reference its id ({ id: providerKey.id })",
    ],
  ],
  [
    "an unknown key selection strategy",
    {
      name: "p",
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keySelectionStrategy: "random", keys: [{ id: K1 }] }],
          },
        ],
      },
    },
    [
      'router.rules[0].steps[0].keySelectionStrategy: "random" is not a key selection strategy; the only one is "ordered" (keys are tried in list order)',
    ],
  ],
  [
    "a rule with neither provider nor model",
    { name: "p", router: { rules: [{ steps: [step(K1)] }] } },
    ['router.rules[0]: a rule needs "provider", "model" or both'],
  ],
  [
    "a rule whose model belongs to another provider",
    {
      name: "p",
      router: { rules: [{ provider: "openai", model: "anthropic:claude-sonnet-4-5", steps: [step(K1)] }] },
    },
    [
      'router.rules[0].model: "anthropic:claude-sonnet-4-5" is a model of provider "anthropic", but the rule\'s provider is "openai"; make them match or remove "provider"',
    ],
  ],
  [
    "a malformed timeout",
    { name: "p", timeouts: { total: "2h" } },
    ['timeouts.total: "2h" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"'],
  ],
  [
    "the same key twice in one step",
    { name: "p", router: { rules: [{ provider: "openai", steps: [step(K1, K1)] }] } },
    [
      `router.rules[0].steps[0].keys[1].id: duplicate key "${K1}" (also router.rules[0].steps[0].keys[0]); a step tries each key once`,
    ],
  ],
  [
    "several problems at once",
    { name: "x".repeat(256), router: { rules: [{ provider: "openai", steps: [{ type: "ngrok" }] }] } },
    [
      "name: must be at most 255 characters (it has 256)",
      'router.rules[0].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
    ],
  ],
  [
    "a namespace Secrets Manager would reject",
    { name: "p", namespace: "team/prod" },
    ['namespace: "team/prod" is not valid; use 1-64 letters, digits or _+=.@- (no \'/\'), e.g. "myapp-prod"'],
  ],
];

let plugin: DynamicProviderPlugin;
let configuration: CapturedResource;

beforeAll(async () => {
  plugin = await startDynamicProviderPlugin({ cwd: process.cwd() });
  const run = await runProgramUnderMocks("test/fixtures/programs/keyway-stack.js", {
    cwd: process.cwd(),
    config: { "keyway:namespace": "invalid-configs" },
    secretConfig: {
      openaiPrimary: "sk-proj-0000000000000000000001",
      openaiBackup: "sk-proj-0000000000000000000002",
    },
  });
  const found = run.resources.find((resource) => resource.type === TYPE);
  if (!found) throw new Error("the program declares no configuration");
  configuration = found;
});
afterAll(async () => {
  await plugin?.stop();
});

describe("pulumi preview rejects invalid configurations through the plugin's Check, naming the exact field", () => {
  it.each(CASES)("%s", async (_label, fields, expected) => {
    const { plain } = stripSecrets(configuration.inputs);
    const news = {
      __provider: plain.__provider,
      namespace: "invalid-configs",
      ...fields,
    };

    const checked = await plugin.check(configuration.urn, {}, news);

    expect(checked.failures).toEqual(expected.map((reason) => ({ property: "", reason })));
  });

  it("accepts the valid configuration the program declares", async () => {
    const { plain } = stripSecrets(configuration.inputs);
    // Under mocks the keys' ids are the mocks' ("openai-primary-id"); the engine would send real ones.
    const withRealIds = JSON.parse(
      JSON.stringify(plain).replaceAll("openai-primary-id", K1).replaceAll("openai-backup-id", K2),
    );

    const checked = await plugin.check(configuration.urn, {}, withRealIds);

    expect(checked.failures).toEqual([]);
  });
});
