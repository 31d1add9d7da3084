import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness({ settings: { maxBodyBytes: 1024 } });
});

afterEach(async () => {
  await harness.close();
});

const messages = [{ role: "user", content: "Hi" }];

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

/** A request body that arrives in chunks, without a content-length: the gateway must count as it reads. */
function chunkedBody(
  chunks: number,
  chunkBytes: number,
): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new TextEncoder().encode("x".repeat(chunkBytes)));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("the body size limit", () => {
  it("answers 413 for a declared content-length above the limit, without reading the body", async () => {
    const body = chunkedBody(100, 100);

    const response = await harness.gateway(
      new Request("http://keyway.local/v1/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer kw-test-ROUTED-token-0001", "content-length": "10000" },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );

    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("body_too_large");
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it("answers 413 while reading a body without content-length, as soon as it passes the limit", async () => {
    const body = chunkedBody(1000, 100);

    const response = await harness.gateway(
      new Request("http://keyway.local/v1/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer kw-test-ROUTED-token-0001" },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );

    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(20);
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("accepts a body exactly at the limit", async () => {
    const padding = "x".repeat(1024 - JSON.stringify({ model: "gpt-4o", messages, pad: "" }).length);

    const response = await harness.chat({ model: "gpt-4o", messages, pad: padding });

    expect(response.status).toBe(200);
  });
});

describe("invalid bodies", () => {
  it.each([
    ["not JSON", "{model: gpt-4o}", "invalid_json", null],
    ["empty", "", "invalid_json", null],
    ["a JSON array", "[]", "invalid_json", null],
    ["a JSON string", '"gpt-4o"', "invalid_json", null],
    ["JSON null", "null", "invalid_json", null],
    ["without model", JSON.stringify({ messages }), "missing_field", "model"],
    ["with a numeric model", JSON.stringify({ model: 4, messages }), "invalid_field", "model"],
    ["with an empty model", JSON.stringify({ model: "", messages }), "invalid_field", "model"],
    [
      "with models not an array",
      JSON.stringify({ model: "gpt-4o", models: "gpt-4o-mini" }),
      "invalid_field",
      "models",
    ],
    [
      "with a models entry not a string",
      JSON.stringify({ model: "gpt-4o", models: ["gpt-4o-mini", 3] }),
      "invalid_field",
      "models[1]",
    ],
    [
      "with stream not a boolean",
      JSON.stringify({ model: "gpt-4o", stream: "yes" }),
      "invalid_field",
      "stream",
    ],
    [
      "with stream_options not an object",
      JSON.stringify({ model: "gpt-4o", stream: true, stream_options: [] }),
      "invalid_field",
      "stream_options",
    ],
  ])("answers 400 for a body %s, naming the field", async (_, body, code, param) => {
    const response = await harness.call("/v1/chat/completions", { body });

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code, param, type: "invalid_request_error" });
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("answers 400 for a body that is not UTF-8", async () => {
    const response = await harness.gateway(
      new Request("http://keyway.local/v1/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer kw-test-ROUTED-token-0001" },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    );

    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("invalid_json");
  });

  it("answers 400 for JSON nested deeper than 128 levels, which could not be forwarded", async () => {
    const deep = await createGatewayHarness();
    try {
      const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;

      const response = await deep.call("/v1/chat/completions", { body: `{"model":"gpt-4o","x":${nested}}` });

      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: "invalid_json" });
    } finally {
      await deep.close();
    }
  });

  it("never echoes the body in an error message", async () => {
    const response = await harness.call("/v1/chat/completions", {
      body: '{"model": "gpt-4o", "secret prompt',
    });

    expect(JSON.stringify(await response.json())).not.toContain("secret prompt");
  });

  it("answers 404 naming the provider:model form for a model outside the catalog", async () => {
    const response = await harness.chat({ model: "gpt-9-turbo", messages });

    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: "model_not_found", param: "model" });
    expect(error.message).toContain("openai:gpt-9-turbo");
  });
});

describe("fuzzed requests", () => {
  const nasty: Array<[string, string]> = [
    [
      "control characters in the model",
      JSON.stringify({ model: "openai:gpt\u0000\r\nx-injected: 1", messages }),
    ],
    ["a lone surrogate in the model", `{"model":"openai:gpt-\\ud800","messages":[]}`],
    ["a huge number", '{"model":"gpt-4o","temperature":1e400}'],
    ["duplicate keys", '{"model":"gpt-4o","model":"gpt-4o-mini"}'],
    ["a prototype key", '{"model":"gpt-4o","__proto__":{"models":["x"]}}'],
    ["a model full of colons", JSON.stringify({ model: ":::" })],
    ["an object as model", JSON.stringify({ model: { toString: "gpt-4o" } })],
    ["unicode model names", JSON.stringify({ model: "openai:模型-🙂", messages })],
  ];

  it.each(nasty)(
    "answers %s with an OpenAI-shaped error or an answer, never a stack trace",
    async (_, body) => {
      const response = await harness.call("/v1/chat/completions", { body });
      const text = await response.text();

      expect(response.status).toBeLessThan(500);
      expect(text).not.toMatch(/at .*\.ts:\d+|node:internal|Error: /);
      response.headers.forEach((value, name) => {
        expect(`${name}: ${value}`).toMatch(/^[\x20-\x7e]*$/);
      });
    },
  );

  it("sanitizes a forced model name before it goes into a response header", async () => {
    const response = await harness.chat({ model: "openai:gpt\r\nx-injected: 1", messages });

    expect(response.status).toBe(200);
    expect(response.headers.get("x-injected")).toBeNull();
    expect(response.headers.get("x-keyway-model")).toBe("gpt%0D%0Ax-injected: 1");
  });
});
