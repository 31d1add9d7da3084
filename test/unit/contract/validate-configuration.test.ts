import { describe, expect, it } from "vitest";
import { formatIssue } from "../../../contract/configuration-issue";
import { MAX_CONFIGURATION_BYTES, validateConfiguration } from "../../../contract/validate-configuration";
import ngrokStyleConfiguration from "./fixtures/ngrok-style-configuration.json";

const KEY_A = "kwpk_ujzdegxdncf32epf3dhodzdoci";
const KEY_B = "kwpk_s2jhtlgmxgedn73u55xtplpft7";

const userStep = (...ids: string[]) => ({ type: "user", keys: ids.map((id) => ({ id })) });

/** Every issue as `formatIssue` prints it, warnings included; `[]` for a valid configuration. */
function problemsOf(input: unknown): string[] {
  const result = validateConfiguration(input);
  return (result.ok ? result.warnings : result.issues).map(
    (issue) => (issue.severity === "warning" ? "warning: " : "") + formatIssue(issue),
  );
}

describe("validateConfiguration accepts", () => {
  it("a full ngrok.ai-style configuration with keyway provider key ids", () => {
    const result = validateConfiguration(ngrokStyleConfiguration);

    expect(result).toEqual({ ok: true, value: ngrokStyleConfiguration, warnings: [] });
  });

  it("a configuration with only a name (allow-all, default routing)", () => {
    expect(validateConfiguration({ name: "allow everything" })).toMatchObject({ ok: true, warnings: [] });
  });

  it("empty allow lists, which block a whole dimension", () => {
    const configuration = { name: "blocked", access: { providers: { allow: [] }, models: { allow: [] } } };

    expect(problemsOf(configuration)).toEqual([]);
  });

  it("every model reference form, keyway timeouts and a rule with both provider and model", () => {
    const configuration = {
      name: "forms",
      access: {
        models: { allow: ["openai:gpt-4o", "openai/gpt-4o-mini", "openrouter:anthropic/claude-3.5-sonnet"] },
      },
      router: {
        rules: [
          { provider: "openai", model: "openai:openai/gpt-4o", steps: [userStep(KEY_A, KEY_B)] },
          { model: "openrouter:anthropic/claude-3.5-sonnet", steps: [userStep(KEY_B)] },
        ],
      },
      timeouts: { perAttempt: "60s", total: "2m", firstToken: "1500ms", streamIdle: "30s" },
    };

    expect(problemsOf(configuration)).toEqual([]);
  });

  it("a provider rule and a model rule for the same provider (the model rule wins at run time)", () => {
    const configuration = {
      name: "both",
      router: {
        rules: [
          { provider: "openai", steps: [userStep(KEY_A)] },
          { model: "openai:gpt-4o", steps: [userStep(KEY_B)] },
        ],
      },
    };

    expect(problemsOf(configuration)).toEqual([]);
  });
});

describe("validateConfiguration rejects", () => {
  it.each<[string, unknown, string[]]>([
    ["a configuration without a name", { description: "no name" }, ["name: is required"]],
    [
      "a configuration that is not an object",
      "name: prod",
      ["the configuration must be an object, not a string"],
    ],
    [
      "an empty name and over-long text fields",
      { name: "", description: "d".repeat(256), metadata: "m".repeat(4097) },
      [
        "name: must not be empty",
        "description: must be at most 255 characters (it has 256)",
        "metadata: must be at most 4096 characters (it has 4097)",
      ],
    ],
    [
      "values of the wrong type",
      { name: 42, router: [], access: { providers: "openai" } },
      [
        "name: must be a string, not a number",
        "router: must be an object, not an array",
        "access.providers: must be an object, not a string",
      ],
    ],
    [
      "an unknown field, suggesting the field it probably means",
      { name: "typo", router: { rules: [{ provider: "openai", stepz: [userStep(KEY_A)] }] } },
      ['router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?'],
    ],
    [
      "an unknown field with no close match, listing the fields allowed there",
      { name: "extra", owner: "platform" },
      [
        'owner: unknown field "owner"; expected one of "name", "description", "metadata", "access", "router", "timeouts"',
      ],
    ],
    [
      "a step without keys",
      { name: "no keys", router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [] }] }] } },
      ["router.rules[0].steps[0].keys: must have at least 1 key"],
    ],
    [
      "a rule without steps, and a router without rules",
      { name: "empty", router: { rules: [{ provider: "openai", steps: [] }, { provider: "groq" }] } },
      ["router.rules[0].steps: must have at least 1 step", "router.rules[1].steps: is required"],
    ],
    ["a router without rules", { name: "empty", router: {} }, ["router.rules: is required"]],
    [
      "a provider id that is not lowercase",
      { name: "case", access: { providers: { allow: ["anthropic", "OpenAI", "my_provider"] } } },
      [
        'access.providers.allow[1]: "OpenAI" is not a valid provider id; provider ids are lowercase, e.g. "openai"',
        'access.providers.allow[2]: "my_provider" is not a valid provider id; use lowercase letters, digits and "-" (at most 63), e.g. "openai"',
      ],
    ],
    [
      "model references without a valid provider",
      { name: "bare", access: { models: { allow: ["gpt-4o", "OpenAI:gpt-4o"] } } },
      [
        'access.models.allow[0]: "gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"',
        'access.models.allow[1]: "OpenAI:gpt-4o" does not start with a valid provider id; provider ids are lowercase, e.g. "openai:gpt-4o"',
      ],
    ],
    [
      "an ngrok provider key id",
      {
        name: "ngrok ids",
        router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "aigpk_123" }] }] }] },
      },
      [
        `router.rules[0].steps[0].keys[0].id: "aigpk_123" is not a keyway provider key id; reference a keyway.ProviderKey's id output (kwpk_...)`,
      ],
    ],
    [
      "a key written as a bare string",
      {
        name: "strings",
        router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [KEY_A] }] }] },
      },
      ['router.rules[0].steps[0].keys[0]: must be an object like { id: "kwpk_..." }, not a string'],
    ],
    [
      "a rule with neither provider nor model, as one message",
      {
        name: "targetless",
        router: {
          rules: [
            { provider: "openai", steps: [userStep(KEY_A)] },
            { model: "openai:gpt-4o", steps: [userStep(KEY_A)] },
            { steps: [userStep(KEY_B)] },
          ],
        },
      },
      ['router.rules[2]: a rule needs "provider", "model" or both'],
    ],
    [
      "an unknown step type and key selection strategy",
      {
        name: "strategy",
        router: {
          rules: [
            {
              provider: "openai",
              steps: [{ type: "byok", keySelectionStrategy: "random", keys: [{ id: KEY_A }] }],
            },
          ],
        },
      },
      [
        'router.rules[0].steps[0].type: "byok" is not a step type; use "user"',
        'router.rules[0].steps[0].keySelectionStrategy: "random" is not a key selection strategy; the only one is "ordered" (keys are tried in list order)',
      ],
    ],
    [
      "a step of type ngrok with an explanation",
      {
        name: "managed",
        router: { rules: [{ provider: "openai", steps: [{ type: "ngrok" }, userStep(KEY_A)] }] },
      },
      [
        'router.rules[0].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
      ],
    ],
    [
      "two provider rules for the same provider, naming the earlier one",
      {
        name: "twice",
        router: {
          rules: [
            { provider: "openai", steps: [userStep(KEY_A)] },
            { provider: "openai", steps: [userStep(KEY_B)] },
          ],
        },
      },
      [
        'router.rules[1]: duplicate rule for provider "openai" (also router.rules[0]); merge their steps into one rule',
      ],
    ],
    [
      "two rules for the same model written in different forms and cases",
      {
        name: "twice",
        router: {
          rules: [
            { model: "openai:gpt-4o", steps: [userStep(KEY_A)] },
            { provider: "groq", steps: [userStep(KEY_B)] },
            { model: "openai/GPT-4o", steps: [userStep(KEY_B)] },
          ],
        },
      },
      [
        'router.rules[2]: duplicate rule for model "openai:GPT-4o" (also router.rules[0]); merge their steps into one rule',
      ],
    ],
    [
      "a rule whose model belongs to another provider than its provider",
      {
        name: "mismatch",
        router: {
          rules: [{ provider: "openai", model: "anthropic:claude-sonnet-4-6", steps: [userStep(KEY_A)] }],
        },
      },
      [
        `router.rules[0].model: "anthropic:claude-sonnet-4-6" is a model of provider "anthropic", but the rule's provider is "openai"; make them match or remove "provider"`,
      ],
    ],
    [
      "the same key twice in one step",
      {
        name: "dup key",
        router: { rules: [{ provider: "openai", steps: [userStep(KEY_A, KEY_B, KEY_A)] }] },
      },
      [
        `router.rules[0].steps[0].keys[2].id: duplicate key "${KEY_A}" (also router.rules[0].steps[0].keys[0]); a step tries each key once`,
      ],
    ],
    [
      "every duplicate in the allow lists, models compared by form and case",
      {
        name: "dups",
        access: {
          providers: { allow: ["openai", "groq", "openai", "groq"] },
          models: { allow: ["openai:gpt-4o", "openai/GPT-4o"] },
        },
      },
      [
        'access.providers.allow[2]: duplicate provider "openai" (also access.providers.allow[0]); list it once',
        'access.providers.allow[3]: duplicate provider "groq" (also access.providers.allow[1]); list it once',
        'access.models.allow[1]: duplicate model "openai/GPT-4o" (also access.models.allow[0]); list it once',
      ],
    ],
    [
      "durations in other units and zero durations",
      { name: "timeouts", timeouts: { total: "2h", perAttempt: "0s", firstToken: "1.5s", streamIdle: 30 } },
      [
        'timeouts.total: "2h" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
        'timeouts.perAttempt: must be longer than 0, e.g. "60s"',
        'timeouts.firstToken: "1.5s" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
        "timeouts.streamIdle: must be a string, not a number",
      ],
    ],
  ])("%s", (_, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it("inline keys with an explanation, never echoing the key value", () => {
    const configuration = {
      name: "inline",
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ name: "inline key", value: "sk-proj-verysecret" }] }],
          },
        ],
      },
    };

    const result = validateConfiguration(configuration);

    expect(problemsOf(configuration)).toEqual([
      "router.rules[0].steps[0].keys[0]: inline keys ({ name, value }) are not accepted: a key value must not live in a configuration; declare a keyway.ProviderKey and reference its id ({ id: providerKey.id })",
    ]);
    expect(JSON.stringify(result)).not.toContain("verysecret");
  });

  it("an API key pasted as a key id without echoing it", () => {
    const secret = "sk-proj-Abc123def456ghi789jkl012mno345pqr678";
    const configuration = {
      name: "pasted",
      router: { rules: [{ provider: "openai", steps: [userStep(secret)] }] },
    };

    const result = validateConfiguration(configuration);

    expect(problemsOf(configuration)).toEqual([
      "router.rules[0].steps[0].keys[0].id: this value (not shown, in case it is a secret) is not a keyway provider key id; reference a keyway.ProviderKey's id output (kwpk_...)",
    ]);
    expect(JSON.stringify(result)).not.toContain("Abc123");
  });

  it("a configuration too large for a Secrets Manager secret", () => {
    const rules = Array.from({ length: 700 }, (_, index) => ({
      model: `openai:model-${index}`,
      steps: [userStep(KEY_A)],
    }));
    const configuration = { name: "huge", router: { rules } };
    const bytes = JSON.stringify(configuration).length;

    expect(problemsOf(configuration)).toEqual([
      `the configuration is ${bytes.toLocaleString("en-US")} bytes as JSON; the limit is 60,000 bytes (a Secrets Manager secret holds 65,536 bytes, with room kept for keyway's envelope); shorten metadata or split it into several configurations`,
    ]);
    expect(bytes).toBeGreaterThan(MAX_CONFIGURATION_BYTES);
  });
});

describe("validateConfiguration reports", () => {
  it("all errors at once, in document order, each with its JSON pointer", () => {
    const configuration = {
      name: "",
      access: { providers: { allow: ["OpenAI"] }, models: { allow: ["gpt-4o"] } },
      router: {
        rules: [
          { provider: "openai", stepz: [] },
          { steps: [{ type: "ngrok" }] },
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ id: "aigpk_123" }, { name: "k", value: "sk-x" }] }],
          },
        ],
      },
      timeouts: { total: "soon" },
    };

    const result = validateConfiguration(configuration);

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => [issue.pointer, formatIssue(issue)])).toEqual([
      ["/name", "name: must not be empty"],
      [
        "/access/providers/allow/0",
        'access.providers.allow[0]: "OpenAI" is not a valid provider id; provider ids are lowercase, e.g. "openai"',
      ],
      [
        "/access/models/allow/0",
        'access.models.allow[0]: "gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"',
      ],
      ["/router/rules/0/stepz", 'router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?'],
      ["/router/rules/1", 'router.rules[1]: a rule needs "provider", "model" or both'],
      [
        "/router/rules/1/steps/0/type",
        'router.rules[1].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
      ],
      [
        "/router/rules/2",
        'router.rules[2]: duplicate rule for provider "openai" (also router.rules[0]); merge their steps into one rule',
      ],
      [
        "/router/rules/2/steps/0/keys/0/id",
        `router.rules[2].steps[0].keys[0].id: "aigpk_123" is not a keyway provider key id; reference a keyway.ProviderKey's id output (kwpk_...)`,
      ],
      [
        "/router/rules/2/steps/0/keys/1",
        "router.rules[2].steps[0].keys[1]: inline keys ({ name, value }) are not accepted: a key value must not live in a configuration; declare a keyway.ProviderKey and reference its id ({ id: providerKey.id })",
      ],
      [
        "/timeouts/total",
        'timeouts.total: "soon" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
      ],
    ]);
  });

  it("warnings for rules the access scope makes unreachable, without failing", () => {
    const configuration = {
      name: "unreachable",
      access: { providers: { allow: ["openai", "groq"] }, models: { allow: ["openai:gpt-4o"] } },
      router: {
        rules: [
          { provider: "anthropic", steps: [userStep(KEY_A)] },
          { model: "openai:gpt-4o-mini", steps: [userStep(KEY_A)] },
          { provider: "groq", steps: [userStep(KEY_B)] },
          { model: "openai/GPT-4o", steps: [userStep(KEY_B)] },
        ],
      },
    };

    const result = validateConfiguration(configuration);

    expect(result.ok).toBe(true);
    expect(problemsOf(configuration)).toEqual([
      'warning: router.rules[0]: provider "anthropic" is not in access.providers.allow, so this rule never applies',
      'warning: router.rules[1]: model "openai:gpt-4o-mini" is not in access.models.allow, so this rule never applies',
      'warning: router.rules[2]: no model of provider "groq" is in access.models.allow, so this rule never applies',
    ]);
  });

  it("a warning for an attempt timeout longer than the total timeout", () => {
    expect(problemsOf({ name: "slow", timeouts: { perAttempt: "2m", total: "90s" } })).toEqual([
      'warning: timeouts.perAttempt: "2m" is longer than timeouts.total ("90s"), which ends the request first',
    ]);
  });

  it("warnings next to errors when the configuration is invalid", () => {
    const result = validateConfiguration({ timeouts: { perAttempt: "2m", total: "90s" } });

    expect(result.ok ? [] : result.issues.map((issue) => issue.severity)).toEqual(["error", "warning"]);
  });
});
