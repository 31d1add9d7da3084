import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness, TOKENS } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  expect(harness.clock.pendingTimers()).toBe(0);
  await harness.close();
});

const messages = [{ role: "user", content: "Hi" }];

function fixture(path: string): string {
  return readFileSync(join(__dirname, "../../../fixtures/upstream", path), "utf8");
}

function keywayHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith("x-keyway-")) headers[name] = value;
  });
  return headers;
}

describe("POST /v1/chat/completions, buffered", () => {
  it("passes the upstream's body through byte for byte, with keyway's headers", async () => {
    const body =
      '{"id":"chatcmpl-1",  "object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[],\n"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}';
    harness.upstream.script({
      body,
      headers: { "x-ratelimit-remaining-requests": "99", "openai-organization": "org-platform" },
    });

    const response = await harness.chat({ model: "gpt-4o", messages });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    expect(keywayHeaders(response)).toEqual({
      "x-keyway-request-id": "rq_test1",
      "x-keyway-attempts": "1",
      "x-keyway-provider": "openai",
      "x-keyway-model": "gpt-4o",
      "x-keyway-provider-key-id": "kwpk_openai_a",
    });
    expect(response.headers.get("openai-organization")).toBeNull();
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBeNull();
  });

  it("sends the upstream the bare model id, no models field, and the provider key", async () => {
    await harness.chat({ model: "openai:GPT-4o", models: ["claude-haiku-4-5"], messages, temperature: 0.2 });

    const [seen] = harness.upstream.received;
    expect(seen?.path).toBe("/openai/v1/chat/completions");
    expect(seen?.body).toEqual({ model: "GPT-4o", messages, temperature: 0.2 });
    expect(seen?.headers.authorization).toBe("Bearer sk-openai-a-SECRETVALUE1");
  });

  it("fails over to the next key and shows it in the headers", async () => {
    harness.upstream.script("429");

    const response = await harness.chat({ model: "gpt-4o", messages });

    expect(response.status).toBe(200);
    expect(harness.seen()).toEqual([
      "openai sk-openai-a-SECRETVALUE1 gpt-4o",
      "openai sk-openai-b-SECRETVALUE2 gpt-4o",
    ]);
    expect(keywayHeaders(response)).toMatchObject({
      "x-keyway-attempts": "2",
      "x-keyway-provider-key-id": "kwpk_openai_b",
    });
  });

  it("fails over to the next model after every key failed; the header names the model that answered", async () => {
    harness.upstream.script("429, 401");

    const response = await harness.chat({ model: "gpt-4o", models: ["claude-haiku-4-5"], messages });

    expect(response.status).toBe(200);
    expect(keywayHeaders(response)).toMatchObject({
      "x-keyway-attempts": "3",
      "x-keyway-provider": "anthropic",
      "x-keyway-model": "claude-haiku-4-5",
      "x-keyway-provider-key-id": "kwpk_anthropic_a",
    });
  });

  it("skips a fallback model the access key may not call and names it in x-keyway-rejected-models", async () => {
    const response = await harness.chat(
      { model: "gpt-4o", models: ["gpt-4o-mini", "claude-haiku-4-5", "mistral-large-latest"], messages },
      { token: TOKENS.scoped },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("x-keyway-rejected-models")).toBe(
      "openai:gpt-4o-mini, mistral:mistral-large-latest",
    );
  });

  it("answers 403 model_not_allowed for a primary model outside the scope, before any upstream call", async () => {
    const response = await harness.chat({ model: "gpt-4o-mini", messages }, { token: TOKENS.scoped });

    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatchObject({ code: "model_not_allowed", param: "model" });
    expect(response.headers.get("x-keyway-attempts")).toBeNull();
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("answers 400 no_provider_keys when no key is routed to the model", async () => {
    const response = await harness.chat({ model: "grok-4", messages });

    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("no_provider_keys");
  });

  it("passes the provider's 400 through unchanged and stops", async () => {
    harness.upstream.script("400");

    const response = await harness.chat({ model: "gpt-4o", messages });

    expect(response.status).toBe(400);
    expect(await response.text()).toBe(fixture("openai/error-400.json"));
    expect(harness.upstream.received).toHaveLength(1);
    expect(keywayHeaders(response)).toMatchObject({
      "x-keyway-attempts": "1",
      "x-keyway-provider-key-id": "kwpk_openai_a",
    });
  });

  it("answers 503 all_attempts_failed with each attempt, and the last attempt in the headers", async () => {
    harness.upstream.script("500, 429, 500");

    const response = await harness.chat({ model: "gpt-4o", messages });
    const error = (await response.json()).error;

    expect(response.status).toBe(503);
    expect(error.code).toBe("all_attempts_failed");
    expect(error.attempts).toHaveLength(2);
    expect(keywayHeaders(response)).toMatchObject({
      "x-keyway-attempts": "2",
      "x-keyway-provider-key-id": "kwpk_openai_b",
    });
  });

  it("answers 504 total_timeout when the budget runs out, counting the configuration's timeouts", async () => {
    const timed = await createGatewayHarness({
      configurations: {
        kwcfg_routed: {
          name: "fast",
          timeouts: { perAttempt: "2s", total: "3s" },
          router: {
            rules: [
              {
                provider: "openai",
                steps: [{ type: "user", keys: [{ id: "kwpk_openai_a" }, { id: "kwpk_openai_b" }] }],
              },
            ],
          },
        },
      },
    });
    try {
      timed.upstream.script("no-response, no-response");
      void timed.upstream.waitForRequests(1).then(() => timed.clock.advance(2_000));
      void timed.upstream.waitForRequests(2).then(() => timed.clock.advance(1_000));

      const response = await timed.chat({ model: "gpt-4o", messages });

      expect(response.status).toBe(504);
      expect((await response.json()).error.code).toBe("total_timeout");
      expect(timed.requestLogs()[0]?.attempts).toMatchObject([
        { durationMs: 2_000, outcome: "timeout" },
        { durationMs: 1_000, verdict: "total_timeout" },
      ]);
    } finally {
      await timed.close();
    }
  });

  it("covers the whole buffered body with the per-attempt timeout: a body that never ends fails over", async () => {
    harness.upstream.script({ body: "", headers: { "content-length": "100" } });
    void harness.upstream.waitForRequests(1).then(() => harness.clock.advance(60_000));

    const response = await harness.chat({ model: "gpt-4o", messages });

    expect(response.status).toBe(200);
    expect(harness.requestLogs()[0]?.attempts).toMatchObject([
      { providerKeyId: "kwpk_openai_a", outcome: "timeout" },
      { providerKeyId: "kwpk_openai_b", outcome: "succeeded" },
    ]);
  });
});

describe("POST /v1/responses and /v1/embeddings", () => {
  it("forwards a Responses request to <baseUrl>/responses and passes the answer through", async () => {
    const response = await harness.call("/v1/responses", { body: { model: "gpt-4o", input: "Hi" } });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "response", model: "gpt-4o" });
    expect(harness.upstream.received[0]).toMatchObject({
      path: "/openai/v1/responses",
      body: { model: "gpt-4o", input: "Hi" },
    });
  });

  it("forwards an embeddings request to <baseUrl>/embeddings", async () => {
    const response = await harness.call("/v1/embeddings", {
      body: { model: "text-embedding-3-small", input: ["a", "b"] },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "list", model: "text-embedding-3-small" });
    expect(harness.upstream.received[0]?.path).toBe("/openai/v1/embeddings");
  });
});

describe("provider endpoints", () => {
  it("calls a custom provider on loopback over plain http with its own key", async () => {
    const custom = await createGatewayHarness({
      providers: (url) => [{ id: "my-ollama", baseUrl: `${url}/ollama/v1` }],
      providerKeys: [{ id: "kwpk_ollama", providerId: "my-ollama", value: "ollama-local-key" }],
    });
    try {
      const response = await custom.chat({ model: "my-ollama:llama3.2", messages }, { token: TOKENS.open });

      expect(response.status).toBe(200);
      expect(custom.seen()).toEqual(["ollama ollama-local-key llama3.2"]);
      expect(response.headers.get("x-keyway-provider")).toBe("my-ollama");
    } finally {
      await custom.close();
    }
  });

  it("refuses to send a key over plain http to a host that is not loopback, with a clear error", async () => {
    const insecure = await createGatewayHarness({
      providers: [{ id: "openai", baseUrl: "http://user:pass@api.example.com/v1" }],
    });
    try {
      const response = await insecure.chat({ model: "gpt-4o", messages });
      const error = (await response.json()).error;

      expect(response.status).toBe(502);
      expect(error.code).toBe("insecure_provider_url");
      expect(error.message).toContain("http://api.example.com");
      expect(error.message).not.toContain("pass");
      expect(insecure.upstream.received).toHaveLength(0);
    } finally {
      await insecure.close();
    }
  });

  it("skips a model on a refused endpoint and serves the fallback, naming the skipped model", async () => {
    const insecure = await createGatewayHarness({
      providers: [{ id: "openai", baseUrl: "http://api.example.com/v1" }],
    });
    try {
      const response = await insecure.chat({ model: "gpt-4o", models: ["claude-haiku-4-5"], messages });

      expect(response.status).toBe(200);
      expect(response.headers.get("x-keyway-provider")).toBe("anthropic");
      expect(response.headers.get("x-keyway-rejected-models")).toBe("openai:gpt-4o");
    } finally {
      await insecure.close();
    }
  });

  it("allows plain http anywhere when the settings say so", async () => {
    const allowed = await createGatewayHarness({
      settings: { allowInsecureHttp: true },
      providers: [{ id: "openai", baseUrl: "http://unreachable.invalid/v1" }],
    });
    try {
      const response = await allowed.chat({ model: "gpt-4o", messages });

      expect((await response.json()).error.code).toBe("all_attempts_failed");
    } finally {
      await allowed.close();
    }
  });
});
