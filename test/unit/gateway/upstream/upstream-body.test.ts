import { describe, expect, it } from "vitest";
import { createUpstreamBody, upstreamBody } from "../../../../gateway-lambda/upstream/upstream-body";

describe("upstreamBody", () => {
  it("replaces model in place and drops models", () => {
    expect(upstreamBody('{"model":"openai:gpt-4o","models":["x"],"stream":true}', "gpt-4o")).toBe(
      '{"model":"gpt-4o","stream":true}',
    );
  });

  it("passes every other member through as the client wrote it", () => {
    const text =
      '{ "seed": 12345678901234567890, "temperature": 1.0, "model" : "GPT-4o",\n  "messages": [{"role":"user","content":"a \\"model\\": {\\"x\\"} [ }"}], "n": null }';

    expect(upstreamBody(text, "gpt-4o")).toBe(text.replace('"GPT-4o"', '"gpt-4o"'));
  });

  it("removes models wherever it stands, with its comma, and leaves nested model fields alone", () => {
    const cases: Array<[string, string]> = [
      ['{"models":["a"],"model":"x"}', '{"model":"m"}'],
      ['{"models":["a"], "models":[], "model":"x", "b":1}', '{"model":"m", "b":1}'],
      ['{"model":"x","models":["a"]}', '{"model":"m"}'],
      [
        '{"model":"x","models":{"deep":[{"models":1}]},"tools":[{"model":"keep"}]}',
        '{"model":"m","tools":[{"model":"keep"}]}',
      ],
      ['{"a":{"model":"keep"},"models":["b"],"model":"x"}', '{"a":{"model":"keep"},"model":"m"}'],
    ];

    for (const [text, expected] of cases) expect(upstreamBody(text, "m")).toBe(expected);
  });

  it("reads keys as JSON does: escaped names and duplicates included", () => {
    const text = '{"mod\\u0065l":"a","model":"b","\\u006dodels":["c"],"x":"\\\\"}';

    const forwarded = upstreamBody(text, "gpt-4o");

    expect(forwarded).toBe('{"mod\\u0065l":"gpt-4o","model":"gpt-4o","x":"\\\\"}');
    expect(JSON.parse(forwarded)).toEqual({ model: "gpt-4o", x: "\\" });
  });

  it("escapes the model id, and adds model when the body has none", () => {
    expect(JSON.parse(upstreamBody('{"model":"a"}', 'we"ird\n'))).toEqual({ model: 'we"ird\n' });
    expect(upstreamBody('{"stream":true}', "gpt-4o")).toBe('{"model":"gpt-4o","stream":true}');
  });

  it("gives the same answer as parsing and serializing again, on realistic bodies", () => {
    const bodies = [
      {
        model: "openai:gpt-4o",
        models: ["anthropic:claude-haiku-4-5", "gpt-4o-mini"],
        messages: [
          { role: "system", content: 'Answer in {braces} and [brackets]: \\ " }' },
          { role: "user", content: [{ type: "text", text: "模型 🙂" }] },
        ],
        tools: [
          { type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } },
        ],
        stream: true,
        stream_options: { include_usage: true },
      },
      { input: ["a", "b"], model: "text-embedding-3-small", encoding_format: "float" },
    ];

    for (const body of bodies) {
      const { models: _, ...rest } = { ...body, model: "served" } as Record<string, unknown>;
      expect(JSON.parse(upstreamBody(JSON.stringify(body, null, 2), "served"))).toEqual(rest);
      expect(upstreamBody(JSON.stringify(body), "served")).toBe(JSON.stringify(rest));
    }
  });
});

describe("createUpstreamBody", () => {
  it("computes the text once per model", () => {
    const body = createUpstreamBody({ model: "a", models: ["b"] }, '{"model":"a","models":["b"]}');

    const first = body.forModel("gpt-4o");

    expect(first).toBe('{"model":"gpt-4o"}');
    expect(body.forModel("gpt-4o")).toBe(first);
    expect(body.forModel("gpt-4o-mini")).toBe('{"model":"gpt-4o-mini"}');
  });
});
