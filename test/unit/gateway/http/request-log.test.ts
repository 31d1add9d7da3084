import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness, KEY_VALUES, TOKENS } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  await harness.close();
});

const PROMPT = "Tell me the launch codes: PROMPT-MARKER-7731";

describe("the request log line", () => {
  it("writes exactly one structured line per request, with every attempt and the usage", async () => {
    harness.upstream.script("429");

    const response = await harness.chat({
      model: "gpt-4o",
      models: ["gpt-4o-mini"],
      messages: [{ role: "user", content: PROMPT }],
    });
    await response.text();

    expect(harness.logLines).toHaveLength(1);
    expect(harness.requestLogs()[0]).toEqual({
      time: expect.any(String),
      level: "info",
      event: "request",
      requestId: "rq_test1",
      method: "POST",
      path: "/v1/chat/completions",
      status: 200,
      accessKeyId: "kwak_routed",
      configurationId: "kwcfg_routed",
      requestedModel: "gpt-4o",
      servedModel: "openai:gpt-4o",
      providerKeyId: "kwpk_openai_b",
      stream: false,
      attempts: [
        {
          provider: "openai",
          model: "gpt-4o",
          providerKeyId: "kwpk_openai_a",
          outcome: "rate_limited",
          verdict: "next_key",
          status: 429,
          durationMs: 0,
        },
        {
          provider: "openai",
          model: "gpt-4o",
          providerKeyId: "kwpk_openai_b",
          outcome: "succeeded",
          verdict: "succeeded",
          status: 200,
          durationMs: 0,
        },
      ],
      latencyMs: 0,
      usage: { inputTokens: 19, outputTokens: 10, totalTokens: 29 },
    });
  });

  it("writes one line for a rejected request too, with its error code", async () => {
    await harness.chat({ model: "gpt-4o" }, { token: TOKENS.disabled });
    await harness.call("/nowhere");

    expect(harness.requestLogs()).toMatchObject([
      { status: 401, errorCode: "access_key_disabled", accessKeyId: null },
      { status: 404, errorCode: "not_found", path: "/nowhere" },
    ]);
  });

  it("names skipped fallback models and cooling keys", async () => {
    harness.upstream.script("429 retry-after=30");
    await (await harness.chat({ model: "gpt-4o", messages: [] })).text();

    await (
      await harness.chat({ model: "gpt-4o", models: ["grok-4"], messages: [] }, { token: TOKENS.routed })
    ).text();

    expect(harness.requestLogs()[1]).toMatchObject({
      rejectedModels: [{ reference: "xai:grok-4", reason: "no_rule" }],
      skippedKeys: [{ providerKeyId: "kwpk_openai_a", reason: "cooling" }],
    });
  });

  it("never contains a prompt, a completion, an access-key token or a provider key value", async () => {
    const body = {
      model: "gpt-4o",
      models: ["claude-haiku-4-5"],
      messages: [{ role: "user", content: PROMPT }],
    };
    harness.upstream.script("500");

    await (await harness.chat(body)).text();
    await (await harness.chat({ ...body, stream: true, stream_options: { include_usage: true } })).text();
    await (await harness.chat(body, { token: TOKENS.open })).text();
    await (await harness.chat(body, { token: "kw-unknown-token-SECRET" })).text();
    harness.upstream.script("400");
    await (await harness.chat(body)).text();

    const everything = harness.logLines.join("");
    expect(harness.logLines).toHaveLength(5);
    for (const secret of [
      ...Object.values(KEY_VALUES),
      ...Object.values(TOKENS),
      "kw-unknown-token-SECRET",
      "PROMPT-MARKER-7731",
      "Hello! How can I assist you today?",
      "How can I help?",
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
