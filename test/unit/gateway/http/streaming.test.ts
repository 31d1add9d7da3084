import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, events, eventually, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  await eventually(() => harness.clock.pendingTimers() === 0);
  await harness.close();
});

const messages = [{ role: "user", content: "Hi" }];
const streaming = { model: "gpt-4o", stream: true, messages };

/** Reads a streamed body until it holds `count` events; returns the reader to go on with. */
async function readEvents(response: Response, count: number) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (events(text).length < count || !text.endsWith("\n\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}

async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  const decoder = new TextDecoder();
  let all = text;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return all;
    all += decoder.decode(value, { stream: true });
  }
}

const isChunk = (event: string) => event.startsWith("data: {") && event.includes("chat.completion.chunk");

describe("streams: the normal case", () => {
  it("streams the upstream's events unchanged and ends with [DONE]", async () => {
    const response = await harness.chat(streaming);
    const received = events(await response.text());

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("x-keyway-provider-key-id")).toBe("kwpk_openai_a");
    expect(received.slice(0, -1).every(isChunk)).toBe(true);
    expect(received).toHaveLength(6);
    expect(received.at(-1)).toBe("data: [DONE]");
  });

  it("logs the usage of the final chunk when the client asked for it", async () => {
    const response = await harness.chat({ ...streaming, stream_options: { include_usage: true } });
    await response.text();

    expect(harness.requestLogs()[0]).toMatchObject({
      stream: true,
      streamEnd: "completed",
      usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18 },
    });
  });

  it("holds the response back until the upstream's first content event", async () => {
    harness.upstream.script("200 first-token=200");
    const started = Date.now();

    const response = await harness.chat(streaming);

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(events(await response.text())[0]).toMatch(/^data: \{/);
  });

  it("forwards comments and CRLF-framed events byte for byte", async () => {
    const body = ': keep-alive\r\n\r\ndata: {"choices":[]}\r\n\r\ndata: [DONE]\r\n\r\n';
    harness.upstream.script({ body, headers: { "content-type": "text/event-stream; charset=utf-8" } });

    const response = await harness.chat(streaming);

    expect(await response.text()).toBe(body);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  });

  it("streams a Responses API answer, which ends without [DONE], as it is", async () => {
    const response = await harness.call("/v1/responses", {
      body: { model: "gpt-4o", input: "Hi", stream: true },
    });
    const received = events(await response.text());

    expect(received[0]).toMatch(/^event: response\.created\ndata: /);
    expect(received.at(-1)).toMatch(/^event: response\.completed\ndata: /);
    expect(received).not.toContain("data: [DONE]");
    expect(harness.requestLogs()[0]).toMatchObject({
      streamEnd: "completed",
      usage: { inputTokens: 36, outputTokens: 87, totalTokens: 123 },
    });
  });
});

describe("streams: failover before the first event is invisible", () => {
  it("fails over on a slow first token, and the client sees only the second upstream's stream", async () => {
    harness.upstream.script("200 first-token=2000");
    void harness.upstream.waitForRequests(1).then(() => harness.clock.advance(30_000));

    const response = await harness.chat(streaming);
    const received = events(await response.text());

    expect(response.headers.get("x-keyway-attempts")).toBe("2");
    expect(response.headers.get("x-keyway-provider-key-id")).toBe("kwpk_openai_b");
    expect(received).toHaveLength(6);
    expect(await harness.upstream.responseClosed(0)).toBe("aborted");
    expect(harness.requestLogs()[0]?.attempts).toMatchObject([
      { providerKeyId: "kwpk_openai_a", outcome: "timeout", durationMs: 30_000 },
      { providerKeyId: "kwpk_openai_b", outcome: "succeeded" },
    ]);
  });

  it("counts the per-attempt timeout until the first content event of a stream", async () => {
    const timed = await createGatewayHarness({
      configurations: {
        kwcfg_routed: {
          name: "short attempts",
          timeouts: { perAttempt: "5s", firstToken: "60s" },
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
      timed.upstream.script("200 first-token=2000");
      void timed.upstream.waitForRequests(1).then(() => timed.clock.advance(5_000));

      const response = await timed.chat(streaming);
      await response.text();

      expect(timed.requestLogs()[0]?.attempts).toMatchObject([
        { outcome: "timeout", durationMs: 5_000 },
        { outcome: "succeeded" },
      ]);
    } finally {
      await timed.close();
    }
  });

  it("fails over when the stream breaks before its first event", async () => {
    harness.upstream.script("200 cut-after=0");

    const response = await harness.chat(streaming);
    const received = events(await response.text());

    expect(response.headers.get("x-keyway-attempts")).toBe("2");
    expect(received.at(-1)).toBe("data: [DONE]");
  });
});

describe("streams: after the first event the response is committed", () => {
  it("ends a stream cut mid-way with an error event and no [DONE]", async () => {
    harness.upstream.script("200 cut-after=2");

    const response = await harness.chat(streaming);
    const received = events(await response.text());

    expect(received.slice(0, 2).every(isChunk)).toBe(true);
    expect(received).toHaveLength(3);
    expect(received[2]).toMatch(/^event: error\ndata: /);
    expect(JSON.parse((received[2] as string).split("data: ")[1] as string).error).toMatchObject({
      code: "stream_interrupted",
      type: "server_error",
    });
    expect(received).not.toContain("data: [DONE]");
    expect(harness.upstream.received).toHaveLength(1);
    expect(harness.requestLogs()[0]).toMatchObject({ status: 200, streamEnd: "interrupted" });
  });

  it("counts streams that break against their key: five in a row open its circuit", async () => {
    for (let request = 0; request < 5; request++) {
      harness.upstream.script("200 cut-after=2");
      await (await harness.chat(streaming)).text();
    }

    const response = await harness.chat(streaming);
    await response.text();

    expect(harness.keyHealth.availability("kwpk_openai_a")).toBe("circuit_open");
    expect(response.headers.get("x-keyway-provider-key-id")).toBe("kwpk_openai_b");
  });

  it("ends a stalled stream after the idle timeout with an error event, and aborts the upstream", async () => {
    harness.upstream.script("200 stall-after=2");
    const response = await harness.chat(streaming);
    const { text, reader } = await readEvents(response, 2);
    await eventually(() => harness.clock.pendingTimers() === 1);

    harness.clock.advance(30_000);
    const received = events(await readRest(reader, text));

    expect(received).toHaveLength(3);
    expect(received[2]).toContain('"code":"stream_idle_timeout"');
    expect(received).not.toContain("data: [DONE]");
    expect(await harness.upstream.responseClosed(0)).toBe("aborted");
    expect(harness.requestLogs()[0]).toMatchObject({ streamEnd: "idle_timeout" });
  });

  it("forwards an event it cannot parse unchanged and goes on", async () => {
    harness.upstream.script("200 malformed");

    const received = events(await (await harness.chat(streaming)).text());

    expect(received[1]).toBe("data: {not json");
    expect(received.filter(isChunk)).toHaveLength(5);
    expect(received.at(-1)).toBe("data: [DONE]");
  });

  it("finalizes a stream that ends without [DONE] at once", async () => {
    harness.upstream.script("200 no-done");

    const received = events(await (await harness.chat(streaming)).text());

    expect(received.filter(isChunk)).toHaveLength(5);
    expect(received.at(-1)).toBe("data: [DONE]");
    expect(harness.requestLogs()[0]).toMatchObject({ streamEnd: "finalized" });
  });

  it("completes a last event that lacks its blank line, then finalizes", async () => {
    harness.upstream.script({
      body: 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"choices":[{"finish_reason":"stop"}]}',
      headers: { "content-type": "text/event-stream" },
    });

    const text = await (await harness.chat(streaming)).text();

    expect(text).toBe(
      'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"choices":[{"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
    );
  });

  it("aborts the upstream when the client disconnects mid-stream", async () => {
    harness.upstream.script("200 stall-after=1");
    const client = new AbortController();
    const response = await harness.chat(streaming, { signal: client.signal });
    await readEvents(response, 1);

    client.abort();

    expect(await harness.upstream.responseClosed(0)).toBe("aborted");
    await eventually(() => harness.requestLogs().length === 1);
    expect(harness.requestLogs()[0]).toMatchObject({ streamEnd: "client_closed" });
  });

  it("aborts the upstream when the client cancels the body", async () => {
    harness.upstream.script("200 stall-after=1");
    const response = await harness.chat(streaming);
    const { reader } = await readEvents(response, 1);

    await reader.cancel();

    expect(await harness.upstream.responseClosed(0)).toBe("aborted");
    expect(harness.requestLogs()[0]).toMatchObject({ streamEnd: "client_closed" });
  });

  it("writes the log line once, when the stream ends", async () => {
    harness.upstream.script("200 stall-after=1");
    const response = await harness.chat(streaming);
    const { reader } = await readEvents(response, 1);

    expect(harness.requestLogs()).toHaveLength(0);
    await reader.cancel();
    expect(harness.requestLogs()).toHaveLength(1);
  });
});
