import { describe, expect, it } from "vitest";
import { formatIssue } from "../../../contract/configuration-issue";
import { validateConfiguration } from "../../../contract/validate-configuration";

/** What Pulumi sends for a value not known until the update runs. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const KEY = "kwpk_ujzdegxdncf32epf3dhodzdoci";

function problemsWithUnknowns(input: unknown): string[] {
  const result = validateConfiguration(input, { unknownSentinel: UNKNOWN });
  return (result.ok ? result.warnings : result.issues).map(formatIssue);
}

describe("validateConfiguration with an unknown sentinel", () => {
  it("accepts a provider key id that is unknown at preview time", () => {
    const configuration = {
      name: "preview",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: UNKNOWN }, { id: KEY }] }] }],
      },
    };

    const result = validateConfiguration(configuration, { unknownSentinel: UNKNOWN });

    expect(result).toEqual({ ok: true, value: configuration, warnings: [] });
  });

  it("accepts unknown values wherever a string, a list or an object is expected", () => {
    const configuration = {
      name: UNKNOWN,
      description: UNKNOWN,
      access: { providers: { allow: UNKNOWN }, models: { allow: [UNKNOWN, "openai:gpt-4o"] } },
      router: {
        rules: [
          { provider: UNKNOWN, steps: [{ type: "user", keys: UNKNOWN }] },
          { model: UNKNOWN, steps: UNKNOWN },
          UNKNOWN,
        ],
      },
      timeouts: { total: UNKNOWN, perAttempt: "30s" },
    };

    expect(problemsWithUnknowns(configuration)).toEqual([]);
  });

  it("does not call rules with unknown targets duplicates, nor unknown keys the same key", () => {
    const configuration = {
      name: "preview",
      router: {
        rules: [
          { provider: UNKNOWN, steps: [{ type: "user", keys: [{ id: UNKNOWN }, { id: UNKNOWN }] }] },
          { provider: UNKNOWN, steps: [{ type: "user", keys: [{ id: KEY }] }] },
          { provider: "openai", model: UNKNOWN, steps: [{ type: "user", keys: [{ id: KEY }] }] },
        ],
      },
      access: { providers: { allow: [UNKNOWN, UNKNOWN] } },
    };

    expect(problemsWithUnknowns(configuration)).toEqual([]);
  });

  it("still reports every error in the known parts", () => {
    const configuration = {
      name: UNKNOWN,
      router: { rules: [{ provider: UNKNOWN, stepz: [], steps: [{ type: "ngrok" }] }] },
    };

    expect(problemsWithUnknowns(configuration)).toEqual([
      'router.rules[0].stepz: unknown field "stepz"; did you mean "steps"?',
      'router.rules[0].steps[0].type: ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
    ]);
  });

  it("treats the sentinel as an ordinary string when no sentinel is given", () => {
    const configuration = {
      name: "final",
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: UNKNOWN }] }] }] },
    };

    const result = validateConfiguration(configuration);

    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      "router.rules[0].steps[0].keys[0].id: this value (not shown, in case it is a secret) is not a keyway provider key id; reference a keyway.ProviderKey's id output (kwpk_...)",
    ]);
  });
});
