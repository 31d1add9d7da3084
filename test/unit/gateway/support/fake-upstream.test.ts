import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, parseScript, startFakeUpstream } from "../../../support/fake-upstream";

let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeUpstream();
});

afterEach(async () => {
  await upstream.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${upstream.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

const chat = (fields: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "Hi" }],
  ...fields,
});

function events(text: string): string[] {
  return text.split("\n\n").filter((event) => event.length > 0);
}

describe("parseScript", () => {
  it("reads a one-line script of statuses, faults and modifiers", () => {
    expect(
      parseScript("503, 429 retry-after=2, 529 anthropic, 400 google context-length, reset, no-response"),
    ).toEqual([
      { status: 503 },
      { status: 429, retryAfter: "2" },
      { status: 529, format: "anthropic" },
      { status: 400, format: "google", contextLength: true },
      { reset: true },
      { noResponse: true },
    ]);
    expect(parseScript("200 first-token=500ms cut-after=2 stall-after=3 malformed no-done delay=10")).toEqual(
      [
        {
          status: 200,
          firstTokenDelayMs: 500,
          cutAfterChunks: 2,
          stallAfterChunks: 3,
          malformedEvent: true,
          omitDone: true,
          delayMs: 10,
        },
      ],
    );
  });

  it("refuses what it cannot read", () => {
    expect(() => parseScript("fivehundred")).toThrow(/cannot read/);
    expect(() => parseScript("200 sparkle")).toThrow(/unknown modifier/);
  });
});

describe("the fake upstream", () => {
  it("answers a chat completion in OpenAI's format and logs what it received", async () => {
    const response = await post("/v1/chat/completions", chat(), { authorization: "Bearer sk-a" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "chat.completion", model: "gpt-4o" });
    expect(upstream.received).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/v1/chat/completions",
        headers: expect.objectContaining({ authorization: "Bearer sk-a" }),
        body: chat(),
      }),
    ]);
  });

  it("answers embeddings and responses", async () => {
    const embeddings = await (
      await post("/v1/embeddings", { model: "text-embedding-3-small", input: "x" })
    ).json();
    const response = await (await post("/v1/responses", { model: "gpt-4.1", input: "x" })).json();

    expect(embeddings).toMatchObject({ object: "list", data: [{ object: "embedding" }] });
    expect(response).toMatchObject({ object: "response", status: "completed", model: "gpt-4.1" });
  });

  it("lists models on GET /v1/models", async () => {
    const response = await fetch(`${upstream.url}/v1/models`, { headers: { authorization: "Bearer sk-a" } });

    expect(await response.json()).toMatchObject({ object: "list", data: [{ object: "model" }] });
    expect(upstream.received[0]).toMatchObject({ method: "GET", path: "/v1/models", body: undefined });
  });

  it("streams SSE events ending with [DONE], with usage when asked", async () => {
    const response = await post(
      "/v1/chat/completions",
      chat({ stream: true, stream_options: { include_usage: true } }),
    );
    const received = events(await response.text());

    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(received.at(-1)).toBe("data: [DONE]");
    const chunks = received.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, "")));
    expect(
      chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "gpt-4o"),
    ).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 18 } });
  });

  it("plays the script one step per call, then answers 200", async () => {
    upstream.script("503, 429 retry-after=7");

    const statuses = [];
    for (let call = 0; call < 3; call++) {
      const response = await post("/v1/chat/completions", chat());
      statuses.push([response.status, response.headers.get("retry-after")]);
      await response.text();
    }

    expect(statuses).toEqual([
      [503, null],
      [429, "7"],
      [200, null],
    ]);
    expect(upstream.pending()).toBe(0);
  });

  it.each([
    ["529 anthropic", 529, { type: "error", error: { type: "overloaded_error" } }],
    [
      "400 anthropic context-length",
      400,
      { error: { message: expect.stringContaining("prompt is too long") } },
    ],
    ["429 google", 429, [{ error: { status: "RESOURCE_EXHAUSTED" } }]],
    ["401", 401, { error: { code: "invalid_api_key" } }],
    ["418", 418, { error: { type: "server_error" } }],
  ])("answers %s with the provider's documented error body", async (script, status, body) => {
    upstream.script(script);

    const response = await post("/v1/chat/completions", chat());

    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject(body);
  });

  it("resets the connection before the headers", async () => {
    upstream.script("reset");

    await expect(post("/v1/chat/completions", chat())).rejects.toThrow(/fetch failed/);
  });

  it("holds a no-response call open until the client gives up", async () => {
    upstream.script("no-response");

    await expect(post("/v1/chat/completions", chat(), {}, AbortSignal.timeout(100))).rejects.toThrow(
      /aborted|timeout/i,
    );
    expect(upstream.received).toHaveLength(1);
  });

  it("delays the first token of a stream", async () => {
    upstream.script({ firstTokenDelayMs: 150 });
    const sent = Date.now();

    const response = await post("/v1/chat/completions", chat({ stream: true }));
    const first = await response.body?.getReader().read();

    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: \{/);
    // A lower bound only: a loaded machine can make it later, never earlier.
    expect(Date.now() - sent).toBeGreaterThanOrEqual(140);
  });

  it("cuts the stream after the given number of chunks", async () => {
    upstream.script("200 cut-after=2");

    const response = await post("/v1/chat/completions", chat({ stream: true }));

    await expect(response.text()).rejects.toThrow();
  });

  it("stalls the stream, keeping the connection open", async () => {
    upstream.script("200 stall-after=1");
    const controller = new AbortController();
    const response = await post("/v1/chat/completions", chat({ stream: true }), {}, controller.signal);
    const reader = response.body?.getReader();

    const first = await reader?.read();
    const second = Promise.race([
      reader?.read(),
      new Promise((resolve) => setTimeout(() => resolve("stalled"), 100)),
    ]);

    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: \{/);
    expect(await second).toBe("stalled");
    controller.abort();
  });

  it("sends a malformed event and can omit [DONE]", async () => {
    upstream.script("200 malformed no-done");

    const received = events(await (await post("/v1/chat/completions", chat({ stream: true }))).text());

    expect(received[1]).toBe("data: {not json");
    expect(received).not.toContain("data: [DONE]");
  });
});
