import { describe, expect, it } from "vitest";
import type { AccessKeyConfiguration } from "../../../../contract/configuration-types";
import { ModelNotAllowedError, NoProviderKeysError } from "../../../../gateway-lambda/errors";
import { resolveCandidates } from "../../../../gateway-lambda/models/resolve-candidates";
import {
  orderKeysByProvider,
  type ProviderKeySnapshot,
  selectTargets,
  type TargetSelection,
} from "../../../../gateway-lambda/routing/select-targets";

const providerKeys: ProviderKeySnapshot = new Map([
  ["kwpk_openai_b", { providerId: "openai", name: "2-backup" }],
  ["kwpk_openai_a", { providerId: "openai", name: "1-primary" }],
  ["kwpk_openai_c", { providerId: "openai" }],
  ["kwpk_anthropic_a", { providerId: "anthropic", name: "main" }],
  ["kwpk_google_a", { providerId: "google", name: "main" }],
]);

function select(
  configuration: AccessKeyConfiguration | null,
  body: Record<string, unknown>,
): TargetSelection {
  return selectTargets({ configuration, candidates: resolveCandidates(body), providerKeys });
}

function route(selection: TargetSelection): string[] {
  return selection.attempts.map(
    (attempt) => `${attempt.reference} ${attempt.providerKeyId} s${attempt.stepIndex}`,
  );
}

const configuration = (fields: Partial<AccessKeyConfiguration>): AccessKeyConfiguration => ({
  name: "test",
  ...fields,
});

describe("selectTargets without a configuration (ngrok.ai's default)", () => {
  it("allows any model and routes it to the namespace's keys of its provider, by name and then id", () => {
    const selection = select(null, { model: "gpt-4o" });

    expect(route(selection)).toEqual([
      "openai:gpt-4o kwpk_openai_c s0", // no name sorts first
      "openai:gpt-4o kwpk_openai_a s0",
      "openai:gpt-4o kwpk_openai_b s0",
    ]);
    expect(selection.attempts.every((attempt) => attempt.ruleIndex === null)).toBe(true);
  });

  it("uses the per-provider key order it is given, computed once per snapshot", () => {
    const keysByProvider = orderKeysByProvider(providerKeys);

    const selection = selectTargets({
      configuration: null,
      candidates: resolveCandidates({ model: "gpt-4o" }),
      providerKeys,
      keysByProvider,
    });

    expect(keysByProvider.get("openai")).toEqual(["kwpk_openai_c", "kwpk_openai_a", "kwpk_openai_b"]);
    expect(route(selection)).toEqual(route(select(null, { model: "gpt-4o" })));
  });

  it("orders next key, then next model", () => {
    const selection = select(null, { model: "claude-haiku-4-5", models: ["gemini-2.5-flash"] });

    expect(route(selection)).toEqual([
      "anthropic:claude-haiku-4-5 kwpk_anthropic_a s0",
      "google:gemini-2.5-flash kwpk_google_a s0",
    ]);
    expect(selection.attempts.map((attempt) => attempt.candidateIndex)).toEqual([0, 1]);
  });

  it("skips a model whose provider has no key and names it, as long as another model has one", () => {
    const selection = select(null, { model: "deepseek-chat", models: ["gpt-4o-mini"] });

    expect(selection.attempts.map((attempt) => attempt.reference)).toEqual([
      "openai:gpt-4o-mini",
      "openai:gpt-4o-mini",
      "openai:gpt-4o-mini",
    ]);
    expect(selection.rejectedModels).toEqual([
      { candidateIndex: 0, reference: "deepseek:deepseek-chat", reason: "no_provider_keys" },
    ]);
  });

  it("fails with no_provider_keys when no model has a key", () => {
    expect(() => select(null, { model: "deepseek-chat", models: ["grok-4"] })).toThrow(NoProviderKeysError);
    expect(() => select(null, { model: "deepseek-chat" })).toThrow(
      expect.objectContaining({
        status: 400,
        code: "no_provider_keys",
        message: expect.stringContaining("deepseek:deepseek-chat"),
      }),
    );
  });
});

describe("selectTargets with access allow-lists", () => {
  it("rejects a disallowed primary model with a 403 before anything else", () => {
    const scoped = configuration({ access: { models: { allow: ["openai/gpt-4o-mini"] } } });

    expect(() => select(scoped, { model: "gpt-4o", models: ["gpt-4o-mini"] })).toThrow(ModelNotAllowedError);
    expect(() => select(scoped, { model: "gpt-4o" })).toThrow(
      expect.objectContaining({ status: 403, param: "model" }),
    );
  });

  it("rejects a primary whose provider is not allowed", () => {
    const scoped = configuration({ access: { providers: { allow: ["anthropic"] } } });

    expect(() => select(scoped, { model: "gpt-4o" })).toThrow(/its provider is not allowed/);
  });

  it("skips a disallowed fallback and lists it", () => {
    const scoped = configuration({ access: { providers: { allow: ["openai", "google"] } } });

    const selection = select(scoped, { model: "gpt-4o", models: ["claude-haiku-4-5", "gemini-2.5-flash"] });

    expect(new Set(selection.attempts.map((attempt) => attempt.provider))).toEqual(
      new Set(["openai", "google"]),
    );
    expect(selection.rejectedModels).toEqual([
      { candidateIndex: 1, reference: "anthropic:claude-haiku-4-5", reason: "provider_not_allowed" },
    ]);
  });

  it("treats an empty list as blocking the whole dimension", () => {
    const blocked = configuration({ access: { models: { allow: [] } } });

    expect(() => select(blocked, { model: "gpt-4o" })).toThrow(ModelNotAllowedError);
  });

  it("treats an omitted dimension as unrestricted", () => {
    const providersOnly = configuration({ access: { providers: { allow: ["openai"] } } });

    expect(select(providersOnly, { model: "openai:some-new-model" }).attempts).toHaveLength(3);
  });

  it("requires both dimensions to pass", () => {
    const both = configuration({
      access: {
        providers: { allow: ["openai"] },
        models: { allow: ["anthropic:claude-haiku-4-5", "openai:gpt-4o"] },
      },
    });

    expect(select(both, { model: "gpt-4o", models: ["claude-haiku-4-5"] }).rejectedModels).toEqual([
      { candidateIndex: 1, reference: "anthropic:claude-haiku-4-5", reason: "provider_not_allowed" },
    ]);
  });

  it.each(["openai:gpt-4o", "openai/gpt-4o", "openai:openai/gpt-4o", "openai:GPT-4o"])(
    "matches the allow-list entry %s against the request's gpt-4o",
    (entry) => {
      const scoped = configuration({ access: { models: { allow: [entry] } } });

      expect(select(scoped, { model: "GPT-4o" }).attempts.length).toBeGreaterThan(0);
    },
  );

  it("never lets an allow-listed model through on another provider", () => {
    const scoped = configuration({ access: { models: { allow: ["openai:gpt-4o"] } } });

    expect(() => select(scoped, { model: "openrouter:gpt-4o" })).toThrow(ModelNotAllowedError);
  });
});

describe("selectTargets with router rules", () => {
  it("runs steps in order and keys in list order", () => {
    const routed = configuration({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              { type: "user", keys: [{ id: "kwpk_openai_b" }, { id: "kwpk_openai_a" }] },
              { type: "user", keys: [{ id: "kwpk_openai_c" }] },
            ],
          },
        ],
      },
    });

    expect(route(select(routed, { model: "gpt-4o" }))).toEqual([
      "openai:gpt-4o kwpk_openai_b s0",
      "openai:gpt-4o kwpk_openai_a s0",
      "openai:gpt-4o kwpk_openai_c s1",
    ]);
  });

  it("prefers a model rule over a provider rule, whatever their order", () => {
    const routed = configuration({
      router: {
        rules: [
          { provider: "openai", steps: [{ type: "user", keys: [{ id: "kwpk_openai_a" }] }] },
          { model: "openai:gpt-4o-mini", steps: [{ type: "user", keys: [{ id: "kwpk_openai_c" }] }] },
        ],
      },
    });

    const selection = select(routed, { model: "gpt-4o-mini", models: ["gpt-4o"] });

    expect(route(selection)).toEqual([
      "openai:gpt-4o-mini kwpk_openai_c s0",
      "openai:gpt-4o kwpk_openai_a s0",
    ]);
    expect(selection.attempts.map((attempt) => attempt.ruleIndex)).toEqual([1, 0]);
  });

  it("skips keys missing from the snapshot, of another provider or listed twice, and reports them", () => {
    const routed = configuration({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              {
                type: "user",
                keys: [{ id: "kwpk_deleted" }, { id: "kwpk_anthropic_a" }, { id: "kwpk_openai_a" }],
              },
              { type: "user", keys: [{ id: "kwpk_openai_a" }] },
            ],
          },
        ],
      },
    });

    const selection = select(routed, { model: "gpt-4o" });

    expect(route(selection)).toEqual(["openai:gpt-4o kwpk_openai_a s0"]);
    expect(selection.skippedKeys).toEqual([
      { candidateIndex: 0, providerKeyId: "kwpk_deleted", ruleIndex: 0, stepIndex: 0, reason: "unknown_key" },
      {
        candidateIndex: 0,
        providerKeyId: "kwpk_anthropic_a",
        ruleIndex: 0,
        stepIndex: 0,
        reason: "other_provider",
      },
      { candidateIndex: 0, providerKeyId: "kwpk_openai_a", ruleIndex: 0, stepIndex: 1, reason: "duplicate" },
    ]);
  });

  it("gives a model no rule matches no attempt, and fails when that leaves nothing", () => {
    const routed = configuration({
      router: {
        rules: [{ provider: "anthropic", steps: [{ type: "user", keys: [{ id: "kwpk_anthropic_a" }] }] }],
      },
    });

    expect(select(routed, { model: "claude-haiku-4-5", models: ["gpt-4o"] }).rejectedModels).toEqual([
      { candidateIndex: 1, reference: "openai:gpt-4o", reason: "no_rule" },
    ]);
    expect(() => select(routed, { model: "gpt-4o" })).toThrow(NoProviderKeysError);
  });

  it("fails with no_provider_keys when every key of the rule was deleted", () => {
    const routed = configuration({
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "kwpk_gone" }] }] }] },
    });

    expect(() => select(routed, { model: "gpt-4o" })).toThrow(
      expect.objectContaining({ code: "no_provider_keys" }),
    );
  });

  it("uses the namespace's keys when a configuration has access rules but no router", () => {
    const scopedOnly = configuration({ access: { providers: { allow: ["anthropic"] } } });

    expect(route(select(scopedOnly, { model: "claude-haiku-4-5" }))).toEqual([
      "anthropic:claude-haiku-4-5 kwpk_anthropic_a s0",
    ]);
  });
});
