import { describe, expect, it } from "vitest";
import { inspectEvent } from "../../../../gateway-lambda/http/sse-event";
import { MAX_SSE_EVENT_BYTES, SseEventSplitter } from "../../../../gateway-lambda/http/sse-event-splitter";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("SseEventSplitter", () => {
  it("returns each whole event with its blank line, as views on the received bytes", () => {
    const splitter = new SseEventSplitter();
    const chunk = encode("data: a\n\ndata: b\n\n");

    const events = splitter.push(chunk);

    expect(events.map(decode)).toEqual(["data: a\n\n", "data: b\n\n"]);
    expect(events[0]?.buffer).toBe(chunk.buffer);
  });

  it("keeps an unfinished event until the chunk that ends it", () => {
    const splitter = new SseEventSplitter();

    expect(splitter.push(encode('data: {"a":')).map(decode)).toEqual([]);
    expect(splitter.push(encode("1}\n")).map(decode)).toEqual([]);
    expect(splitter.push(encode("\ndata: b")).map(decode)).toEqual(['data: {"a":1}\n\n']);
    expect(decode(splitter.takeRest() as Uint8Array)).toBe("data: b");
    expect(splitter.takeRest()).toBeUndefined();
  });

  it.each([
    ["CRLF", "data: a\r\n\r\n"],
    ["LF then CRLF", "data: a\n\r\n"],
    ["a multi-line event", "event: x\ndata: 1\ndata: 2\n\n"],
  ])("recognises the end of an event framed with %s", (_, text) => {
    expect(new SseEventSplitter().push(encode(text)).map(decode)).toEqual([text]);
  });

  it("finds an event end split across chunks at every byte", () => {
    const text = "data: one\r\n\r\ndata: two\n\n";
    for (let cut = 1; cut < text.length; cut++) {
      const splitter = new SseEventSplitter();

      const events = [
        ...splitter.push(encode(text.slice(0, cut))),
        ...splitter.push(encode(text.slice(cut))),
      ];

      expect(events.map(decode)).toEqual(["data: one\r\n\r\n", "data: two\n\n"]);
    }
  });

  it("refuses an event that grows without end", () => {
    const splitter = new SseEventSplitter();

    expect(() => splitter.push(new Uint8Array(MAX_SSE_EVENT_BYTES + 1).fill(0x61))).toThrow(/exceeded/);
  });
});

describe("inspectEvent", () => {
  const decoder = new TextDecoder();
  const inspect = (text: string) => inspectEvent(encode(text), decoder);

  it("tells content from comments", () => {
    expect(inspect(": keep-alive\n\n")).toMatchObject({ hasData: false, isDone: false });
    expect(inspect("data: {}\n\n")).toMatchObject({ hasData: true, isDone: false });
  });

  it.each(["data: [DONE]\n\n", "data:[DONE]\r\n\r\n"])("recognises %j as the end", (text) => {
    expect(inspect(text).isDone).toBe(true);
  });

  it("reads the usage of a chat chunk and of a Responses completion event", () => {
    expect(
      inspect('data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}\n\n')
        .usage,
    ).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
    expect(
      inspect(
        'event: response.completed\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":5,"output_tokens":6,"total_tokens":11}}}\n\n',
      ).usage,
    ).toEqual({ inputTokens: 5, outputTokens: 6, totalTokens: 11 });
  });

  it("ignores a null usage and an event that does not parse", () => {
    expect(inspect('data: {"usage":null}\n\n').usage).toBeUndefined();
    expect(inspect('data: {"usage":{"prompt_tokens":1}\n\n').usage).toBeUndefined();
  });
});
