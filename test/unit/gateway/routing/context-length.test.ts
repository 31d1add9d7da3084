import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isContextLengthError } from "../../../../gateway-lambda/routing/context-length";

function fixture(path: string): string {
  return readFileSync(join(__dirname, "../../../fixtures/upstream", path), "utf8");
}

describe("isContextLengthError", () => {
  it.each([
    "openai/error-400-context-length.json",
    "anthropic/error-400-context-length.json",
    "google/error-400-context-length.json",
  ])("recognises %s", (path) => {
    expect(isContextLengthError(fixture(path))).toBe(true);
  });

  it("recognises the OpenAI-compatible servers' message without a code", () => {
    const body = JSON.stringify({
      object: "error",
      message: "This model's maximum context length is 131072 tokens. However, you requested 351430 tokens.",
    });

    expect(isContextLengthError(body)).toBe(true);
  });

  it.each([
    "openai/error-400.json",
    "anthropic/error-400.json",
    "anthropic/error-413.json",
    "google/error-400.json",
  ])("does not mistake %s for one", (path) => {
    expect(isContextLengthError(fixture(path))).toBe(false);
  });

  it("copes with bodies that are not JSON", () => {
    expect(isContextLengthError("<html>Bad Request</html>")).toBe(false);
    expect(isContextLengthError("prompt is too long")).toBe(true);
  });
});
