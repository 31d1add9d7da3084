import { describe, expect, it } from "vitest";
import { routingRuleHasFailover } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { configuration, openaiRule, providerKey } from "./resources";

const withRules = (rules: unknown) => configuration("prod", { router: { rules } });

describe("routing-rule-has-failover", () => {
  it("passes a rule with two keys in one step, or one key in each of two steps", async () => {
    const twoSteps = {
      provider: "openai",
      steps: [
        { type: "user", keys: [{ id: "kwpk_primary" }] },
        { type: "user", keys: [{ id: "kwpk_backup" }] },
      ],
    };

    const results = [
      await validate(routingRuleHasFailover, withRules([openaiRule(["kwpk_primary", "kwpk_backup"])])),
      await validate(routingRuleHasFailover, withRules([twoSteps])),
    ];

    expect(results).toEqual([{ violations: [] }, { violations: [] }]);
  });

  it("reports a rule with a single key, naming the rule and its target", async () => {
    expect(await validate(routingRuleHasFailover, withRules([openaiRule(["kwpk_primary"])]))).toEqual({
      violations: [
        'AccessKeyConfiguration "prod": router.rules[0] (provider openai) has a single provider key; it needs 2 to fail over on 429s, 5xx, timeouts and revoked keys.',
      ],
    });
  });

  it("counts distinct keys: the same key twice is no failover", async () => {
    const result = await validate(
      routingRuleHasFailover,
      withRules([openaiRule(["kwpk_primary", "kwpk_primary"])]),
    );

    expect(result.violations).toEqual([
      expect.stringContaining("router.rules[0] (provider openai) has a single"),
    ]);
  });

  it("reports each rule without failover on its own", async () => {
    const modelRule = {
      model: "anthropic:claude-sonnet-4-5",
      steps: [{ type: "user", keys: [{ id: "kwpk_claude" }] }],
    };

    const result = await validate(
      routingRuleHasFailover,
      withRules([openaiRule(["kwpk_a", "kwpk_b"]), modelRule]),
    );

    expect(result.violations).toEqual([
      expect.stringContaining(
        "router.rules[1] (model anthropic:claude-sonnet-4-5) has a single provider key",
      ),
    ]);
  });

  it("passes a configuration without rules: the gateway routes to every key of the provider", async () => {
    const prod = configuration("prod");
    delete prod.props.router;

    expect(await validate(routingRuleHasFailover, prod)).toEqual({ violations: [] });
  });

  it("counts key ids unknown at preview as distinct keys (new ProviderKeys in the same update)", async () => {
    const result = await validate(
      routingRuleHasFailover,
      withRules([openaiRule([UNKNOWN_VALUE, UNKNOWN_VALUE])]),
    );

    expect(result).toEqual({ violations: [] });
  });

  it("still reports a rule with a single key whose id is unknown", async () => {
    const result = await validate(routingRuleHasFailover, withRules([openaiRule([UNKNOWN_VALUE])]));

    expect(result.violations).toEqual([expect.stringContaining("has a single provider key")]);
    expect(result.undecided).toBeUndefined();
  });

  it("reports the rules it can judge even when another rule's keys are unknown, then leaves the rest to `pulumi up`", async () => {
    const unknownKeys = { provider: "anthropic", steps: [{ type: "user", keys: UNKNOWN_VALUE }] };

    const result = await validate(
      routingRuleHasFailover,
      withRules([unknownKeys, openaiRule(["kwpk_only"])]),
    );

    expect(result.violations).toEqual([expect.stringContaining("router.rules[1] (provider openai)")]);
    expect(result.undecided).toBe(
      "string value at .router.rules.0.steps.0.keys can't be known during preview",
    );
  });

  it("judges a rule with two known keys even when a later step is unknown", async () => {
    const rule = { ...openaiRule(["kwpk_a", "kwpk_b"]) };
    (rule.steps as unknown[]).push(UNKNOWN_VALUE);

    expect(await validate(routingRuleHasFailover, withRules([rule]))).toEqual({ violations: [] });
  });

  it("cannot decide when the whole router is unknown", async () => {
    const result = await validate(routingRuleHasFailover, configuration("prod", { router: UNKNOWN_VALUE }));

    expect(result).toEqual({
      violations: [],
      undecided: "string value at .router can't be known during preview",
    });
  });

  it("takes the number of keys a rule needs from minimumKeys", async () => {
    const twoKeys = withRules([openaiRule(["kwpk_a", "kwpk_b"])]);
    const oneKey = withRules([openaiRule(["kwpk_a"])]);

    const results = [
      await validate(routingRuleHasFailover, twoKeys, { minimumKeys: 3 }),
      await validate(routingRuleHasFailover, oneKey, { minimumKeys: 1 }),
    ];

    expect(results[0]?.violations).toEqual([
      expect.stringContaining("has 2 distinct provider keys; it needs 3"),
    ]);
    expect(results[1]).toEqual({ violations: [] });
  });

  it("ignores other resource types and is advisory by default", async () => {
    expect(await validate(routingRuleHasFailover, providerKey("openai-primary"))).toEqual({ violations: [] });
    expect(routingRuleHasFailover.enforcementLevel).toBe("advisory");
  });
});
