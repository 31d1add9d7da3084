import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeHttpFetch } from "../../../../gateway-lambda/upstream/node-http-fetch";
import { RawHeaders } from "../../../../gateway-lambda/upstream/node-http-response";
import { type FakeUpstream, startFakeUpstream } from "../../../support/fake-upstream";

const nodeFetch = createNodeHttpFetch();
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

const chat = (body: Record<string, unknown>, signal?: AbortSignal) =>
  nodeFetch(`${upstream.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-upstream" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [], ...body }),
    signal,
  });

describe("createNodeHttpFetch", () => {
  it("sends method, headers and body, and returns status, headers and body like fetch", async () => {
    const response = await chat({ temperature: 0 });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await response.json()).object).toBe("chat.completion");
    const seen = upstream.received.at(-1);
    expect(seen?.headers.authorization).toBe("Bearer sk-upstream");
    expect(seen?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
  });

  it("answers header lookups from the raw list, as RawHeaders", async () => {
    const response = await chat({});

    expect(response.headers).toBeInstanceOf(RawHeaders);
    expect(response.headers.get("Content-Type")).toContain("application/json");
  });

  it("returns error statuses as responses, with the provider's body", async () => {
    upstream.script("429 retry-after=7");

    const response = await chat({});

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect((await response.json()).error.type).toBeDefined();
  });

  it("streams the body as it arrives instead of buffering it", async () => {
    upstream.script("200 chunk-delay=40");
    const started = Date.now();
    const response = await chat({ stream: true });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();

    const first = await reader.read();
    const firstAt = Date.now() - started;
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest += Buffer.from(next.value).toString();

    expect(Buffer.from(first.value as Uint8Array).toString()).toContain("data: ");
    expect(Date.now() - started - firstAt).toBeGreaterThanOrEqual(40);
    expect(rest).toContain("data: [DONE]");
  });

  it("rejects with the signal's reason when aborted, also after the headers arrived", async () => {
    upstream.script("200 chunk-delay=200");
    const controller = new AbortController();
    const response = await chat({ stream: true }, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    controller.abort(new Error("client went away"));

    await expect(reader.read()).rejects.toThrow();
    const early = new AbortController();
    early.abort(new Error("before sending"));
    await expect(chat({}, early.signal)).rejects.toThrow("before sending");
  });

  it("reads a whole body once, straight off the socket, with arrayBuffer, text or json", async () => {
    const first = await chat({});
    const bytes = new Uint8Array(await first.arrayBuffer());
    const second = await chat({});

    expect(JSON.parse(Buffer.from(bytes).toString()).object).toBe("chat.completion");
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toThrow(TypeError);
    expect(JSON.parse(await second.text()).object).toBe("chat.completion");
    expect(((await (await chat({})).json()) as { object: string }).object).toBe("chat.completion");
  });

  it("fails a whole-body read when the body is cut, and with the signal's reason when aborted", async () => {
    upstream.script("200 cut-after=1, 200 stall-after=1");
    const cut = await chat({ stream: true });
    const controller = new AbortController();
    const stalled = await chat({ stream: true }, controller.signal);

    await expect(cut.text()).rejects.toThrow();
    const reading = stalled.arrayBuffer();
    controller.abort(new Error("client went away"));
    await expect(reading).rejects.toThrow("client went away");
  });

  it("clones a response into two bodies that read the same bytes", async () => {
    const response = await chat({});

    const copy = response.clone();

    const [mine, theirs] = await Promise.all([response.text(), copy.text()]);
    expect(mine).toBe(theirs);
    expect(JSON.parse(mine).object).toBe("chat.completion");
    expect(copy.headers.get("content-type")).toBe(response.headers.get("content-type"));
  });

  it("calls an IPv6 loopback address written with brackets, as in a URL", async () => {
    const server = createHttpServer((_, response) => response.end("ipv6"));
    await new Promise<void>((resolve) => server.listen(0, "::1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await nodeFetch(`http://[::1]:${port}/v1/models`);

      expect(await response.text()).toBe("ipv6");
    } finally {
      server.close();
    }
  });

  it("fails like fetch when the connection cannot be made or is reset", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    upstream.script("reset");

    await expect(nodeFetch(`http://127.0.0.1:${closedPort}/v1/models`)).rejects.toMatchObject({
      name: "TypeError",
      message: "fetch failed",
      cause: { code: "ECONNREFUSED" },
    });
    await expect(chat({})).rejects.toMatchObject({ message: "fetch failed", cause: { code: "ECONNRESET" } });
  });
});
