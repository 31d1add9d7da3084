import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAICompatibleAdapter } from "../../../../gateway-lambda/upstream/openai-compatible-adapter";
import type { UpstreamRequest } from "../../../../gateway-lambda/upstream/upstream-adapter";
import { createUpstreamBody } from "../../../../gateway-lambda/upstream/upstream-body";
import { type FakeUpstream, startFakeUpstream } from "../../../support/fake-upstream";

let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeUpstream();
});

afterEach(async () => {
  await upstream.close();
});

function chatRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    path: "chat/completions",
    method: "POST",
    headers: new Headers({ authorization: "Bearer kw-client-token", "content-type": "application/json" }),
    body: createUpstreamBody({
      model: "openai:GPT-4o",
      models: ["gpt-4o-mini"],
      messages: [{ role: "user", content: "Hi" }],
    }),
    model: "GPT-4o",
    apiKey: "sk-provider-key",
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe("the OpenAI-compatible adapter", () => {
  it("sends to <baseUrl>/<path> with the provider key, the bare model and no models field", async () => {
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1/` });

    const outcome = await adapter.send(chatRequest());

    expect(outcome).toMatchObject({ type: "success", status: 200 });
    expect(upstream.received).toHaveLength(1);
    const [seen] = upstream.received;
    expect(seen).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(seen?.headers.authorization).toBe("Bearer sk-provider-key");
    expect(seen?.headers["content-type"]).toBe("application/json");
    expect(seen?.body).toEqual({ model: "GPT-4o", messages: [{ role: "user", content: "Hi" }] });
  });

  it("never forwards the client's credentials or hop-by-hop headers, and forwards the SDK's own", async () => {
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1` });
    const headers = new Headers({
      authorization: "Bearer kw-client-token",
      "x-api-key": "kw-client-token",
      "api-key": "kw-client-token",
      cookie: "session=secret",
      "proxy-authorization": "Basic c2VjcmV0",
      connection: "keep-alive, x-custom-hop",
      "x-custom-hop": "1",
      "keep-alive": "timeout=5",
      te: "trailers",
      "accept-encoding": "br",
      "x-forwarded-for": "10.0.0.1",
      "openai-organization": "org-client",
      "user-agent": "OpenAI/JS 6.9.1",
      "openai-beta": "assistants=v2",
      "x-stainless-retry-count": "0",
      accept: "application/json",
    });

    await adapter.send(chatRequest({ headers }));

    const seen = upstream.received[0]?.headers ?? {};
    expect(JSON.stringify(seen)).not.toContain("kw-client-token");
    expect(JSON.stringify(seen)).not.toContain("secret");
    for (const name of [
      "x-api-key",
      "api-key",
      "cookie",
      "proxy-authorization",
      "x-custom-hop",
      "keep-alive",
      "te",
    ]) {
      expect(seen[name]).toBeUndefined();
    }
    expect(seen["x-forwarded-for"]).toBeUndefined();
    expect(seen["openai-organization"]).toBeUndefined();
    expect(seen["accept-encoding"]).not.toBe("br");
    expect(seen).toMatchObject({
      authorization: "Bearer sk-provider-key",
      "user-agent": "OpenAI/JS 6.9.1",
      "openai-beta": "assistants=v2",
      "x-stainless-retry-count": "0",
      accept: "application/json",
    });
  });

  it("puts the key in the header it is configured with, next to its static headers", async () => {
    const adapter = createOpenAICompatibleAdapter({
      provider: "azure",
      baseUrl: `${upstream.url}/openai`,
      auth: { header: "api-key", prefix: "" },
      headers: { "x-provider-version": "2026-01-01" },
    });

    await adapter.send(chatRequest());

    expect(upstream.received[0]?.headers).toMatchObject({
      "api-key": "sk-provider-key",
      "x-provider-version": "2026-01-01",
    });
    expect(upstream.received[0]?.headers.authorization).toBeUndefined();
  });

  it("returns the response unread, so a stream passes through event by event", async () => {
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1` });

    const outcome = await adapter.send(
      chatRequest({ body: createUpstreamBody({ model: "gpt-4o", stream: true, messages: [] }) }),
    );

    if (outcome.type !== "success") throw new Error(`unexpected ${outcome.type}`);
    expect(outcome.value.headers.get("content-type")).toBe("text/event-stream");
    const text = await outcome.value.text();
    expect(text.startsWith("data: {")).toBe(true);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("returns an upstream error with its status, headers and body", async () => {
    upstream.script("429 retry-after=3");
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1` });

    const outcome = await adapter.send(chatRequest());

    if (outcome.type !== "http_error") throw new Error(`unexpected ${outcome.type}`);
    expect(outcome.status).toBe(429);
    expect(outcome.headers.get("retry-after")).toBe("3");
    expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: "rate_limit_exceeded" } });
  });

  it("keeps at most maxErrorBodyBytes of an error body", async () => {
    upstream.script({ status: 500, body: "x".repeat(100_000) });
    const adapter = createOpenAICompatibleAdapter({
      provider: "openai",
      baseUrl: `${upstream.url}/v1`,
      maxErrorBodyBytes: 1000,
    });

    const outcome = await adapter.send(chatRequest());

    expect(outcome.type === "http_error" && outcome.body.length).toBe(1000);
  });

  it("reports a connection reset before the headers", async () => {
    upstream.script("reset");
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1` });

    expect(await adapter.send(chatRequest())).toMatchObject({ type: "connection_error", reset: true });
  });

  it("reports a refused connection as a connection error that is not a reset", async () => {
    const adapter = createOpenAICompatibleAdapter({
      provider: "openai",
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
    });

    expect(await adapter.send(chatRequest())).toMatchObject({
      type: "connection_error",
      reset: false,
      message: "ECONNREFUSED",
    });
  });

  it("times out an upstream that never answers", async () => {
    upstream.script("no-response");
    const adapter = createOpenAICompatibleAdapter({
      provider: "openai",
      baseUrl: `${upstream.url}/v1`,
      timeoutMs: 50,
    });

    expect(await adapter.send(chatRequest())).toEqual({ type: "timeout" });
  });

  it("does not time out a stream after its headers arrived", async () => {
    // The stream lasts 4 x 150 ms, longer than the timeout, which covers only the wait for the headers.
    upstream.script({ chunkDelayMs: 150 });
    const adapter = createOpenAICompatibleAdapter({
      provider: "openai",
      baseUrl: `${upstream.url}/v1`,
      timeoutMs: 500,
    });

    const outcome = await adapter.send(
      chatRequest({ body: createUpstreamBody({ model: "gpt-4o", stream: true, messages: [] }) }),
    );

    expect(outcome.type === "success" && (await outcome.value.text()).endsWith("data: [DONE]\n\n")).toBe(
      true,
    );
  });

  it("aborts the upstream request when the signal aborts", async () => {
    upstream.script("no-response");
    const controller = new AbortController();
    const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/v1` });

    const sending = adapter.send(chatRequest({ signal: controller.signal }));
    await upstream.waitForRequests(1);
    controller.abort();

    expect(await sending).toEqual({ type: "aborted" });
  });

  it("passes the signal to the injected fetch", async () => {
    const controller = new AbortController();
    let seenSignal: AbortSignal | undefined;
    const adapter = createOpenAICompatibleAdapter({
      provider: "openai",
      baseUrl: "https://api.example.test/v1",
      timeoutMs: 60_000,
      fetch: async (_url, init) => {
        seenSignal = init?.signal ?? undefined;
        return new Response("{}", { status: 200 });
      },
    });

    await adapter.send(chatRequest({ signal: controller.signal }));
    controller.abort();

    expect(seenSignal?.aborted).toBe(true);
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
