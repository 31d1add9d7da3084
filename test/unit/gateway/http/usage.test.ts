import { describe, expect, it } from "vitest";
import { normalizeUsage, usageFromJsonTail } from "../../../../gateway-lambda/http/usage";

const encode = (text: string) => new TextEncoder().encode(text);

describe("usageFromJsonTail", () => {
  it("finds the usage object at the end of a chat completion, nested details included", () => {
    const body = JSON.stringify({
      id: "x",
      choices: [{ message: { content: 'a "usage": {"prompt_tokens": 999} inside the answer' } }],
      usage: {
        prompt_tokens: 19,
        completion_tokens: 10,
        total_tokens: 29,
        prompt_tokens_details: { cached_tokens: 0 },
      },
      system_fingerprint: "fp",
    });

    expect(usageFromJsonTail(encode(body))).toEqual({ inputTokens: 19, outputTokens: 10, totalTokens: 29 });
  });

  it("reads only the last 4 KiB, so a large body costs the same", () => {
    const body = `{"data":[${"0.1,".repeat(500_000)}0.1],"usage":{"prompt_tokens":8,"total_tokens":8}}`;

    expect(usageFromJsonTail(encode(body))).toEqual({ inputTokens: 8, totalTokens: 8 });
  });

  it("finds usage after non-ASCII text, and ignores a usage key followed by anything but a colon", () => {
    const body = '{"content":"模型 🙂 {","usage" :\n {"prompt_tokens":2,"completion_tokens":1}}';

    expect(usageFromJsonTail(encode(body))).toEqual({ inputTokens: 2, outputTokens: 1 });
    expect(usageFromJsonTail(encode('{"usage" "x" {"prompt_tokens":2}}'))).toBeUndefined();
    expect(usageFromJsonTail(encode('{"usage"::{"prompt_tokens":2}}'))).toBeUndefined();
  });

  it.each([
    ["no usage", '{"id":"x"}'],
    ["a null usage", '{"usage":null}'],
    ["a cut body", '{"usage":{"prompt_tokens":1'],
    ["not JSON", "<html>usage</html>"],
  ])("gives nothing for %s", (_, body) => {
    expect(usageFromJsonTail(encode(body))).toBeUndefined();
  });
});

describe("normalizeUsage", () => {
  it("keeps only finite numbers", () => {
    expect(normalizeUsage({ prompt_tokens: "12", completion_tokens: 3, total_tokens: null })).toEqual({
      outputTokens: 3,
    });
    expect(normalizeUsage({})).toBeUndefined();
  });
});
