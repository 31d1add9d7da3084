import { describe, expect, it } from "vitest";
import type { AccessKeyConfiguration } from "../../../../contract/configuration-types";
import { ModelNotAllowedError } from "../../../../gateway-lambda/errors/model-not-allowed-error";
import { createAdapterCache } from "../../../../gateway-lambda/http/provider-endpoints";
import type { RequestRecord } from "../../../../gateway-lambda/http/request-log";
import { planRoute } from "../../../../gateway-lambda/http/route-plan";
import { createSnapshotIndexer } from "../../../../gateway-lambda/http/snapshot-index";
import {
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySnapshot,
} from "../../../../gateway-lambda/store/gateway-store";

const SCOPED: AccessKeyConfiguration = {
  name: "scoped",
  access: { models: { allow: ["openai:gpt-4o", "openai:gpt-4o-mini"] } },
  router: {
    rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "kwpk_a" }, { id: "kwpk_b" }] }] }],
  },
};

const snapshot: GatewaySnapshot = {
  providerKeys: new Map([
    ["kwpk_a", { id: "kwpk_a", providerId: "openai", name: "a", value: "sk-a" }],
    ["kwpk_b", { id: "kwpk_b", providerId: "openai", name: "b", value: "sk-b" }],
  ]),
  configurations: new Map([["kwcfg_scoped", { id: "kwcfg_scoped", configuration: SCOPED }]]),
  accessKeysByTokenHash: new Map(),
  providers: new Map([["openai", { id: "openai", baseUrl: "https://api.openai.com/v1" }]]),
  settings: DEFAULT_GATEWAY_SETTINGS,
  loadedAt: 0,
};

const plan = (body: Record<string, unknown>, record = newRecord()) => ({
  record,
  plan: planRoute({ index, configuration: SCOPED, configurationId: "kwcfg_scoped", body, record }),
});
const index = createSnapshotIndexer(createAdapterCache(async () => new Response("{}")))(snapshot);

describe("planRoute", () => {
  it("plans once per configuration and requested models, and fills every request's record", () => {
    const first = plan({ model: "gpt-4o", models: ["gpt-4o-mini", "claude-haiku-4-5"], messages: [] });
    const second = plan({ model: "gpt-4o", models: ["gpt-4o-mini", "claude-haiku-4-5"], stream: true });

    expect(second.plan).toBe(first.plan);
    expect(first.plan.targets.map((target) => `${target.model} ${target.providerKeyId}`)).toEqual([
      "gpt-4o kwpk_a",
      "gpt-4o kwpk_b",
      "gpt-4o-mini kwpk_a",
      "gpt-4o-mini kwpk_b",
    ]);
    for (const { record } of [first, second]) {
      expect(record.requestedModel).toBe("gpt-4o");
      expect(record.rejectedModels).toEqual([
        { reference: "anthropic:claude-haiku-4-5", reason: "model_not_allowed" },
      ]);
    }
  });

  it("keeps plans apart by model list and by configuration", () => {
    const alone = plan({ model: "gpt-4o" }).plan;
    const withFallback = plan({ model: "gpt-4o", models: ["gpt-4o-mini"] }).plan;
    const unscoped = planRoute({
      index,
      configuration: null,
      configurationId: null,
      body: { model: "gpt-4o" },
      record: newRecord(),
    });

    expect(alone.targets).toHaveLength(2);
    expect(withFallback.targets).toHaveLength(4);
    expect(unscoped).not.toBe(alone);
  });

  it("caches no failure: a disallowed or malformed request is refused every time", () => {
    const before = index.routePlans.size;

    for (let attempt = 0; attempt < 2; attempt++) {
      const record = newRecord();
      expect(() => plan({ model: "claude-haiku-4-5" }, record)).toThrow(ModelNotAllowedError);
      expect(record.requestedModel).toBe("claude-haiku-4-5");
      expect(() => plan({ model: "gpt-4o", models: ["gpt-4o-mini", 7] })).toThrow(/models\[1\]/);
    }

    expect(index.routePlans.size).toBe(before);
  });
});

function newRecord(): RequestRecord {
  return {
    method: "POST",
    path: "/v1/chat/completions",
    accessKeyId: null,
    configurationId: null,
    requestedModel: null,
    stream: false,
    attempts: [],
    skipped: [],
    rejectedModels: [],
    served: null,
    usage: null,
    streamEnd: null,
    committedAt: null,
    error: null,
  };
}
