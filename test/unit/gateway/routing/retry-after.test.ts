import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../../gateway-lambda/routing/retry-after";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    [{ "retry-after": "2" }, 2000],
    [{ "retry-after": "0.5" }, 500],
    [{ "retry-after": "Sat, 28 Nov 2026 12:00:30 GMT" }, 30_000],
    [{ "retry-after": "Sat, 28 Nov 2026 11:59:00 GMT" }, 0],
    [{ "retry-after-ms": "1500", "retry-after": "9" }, 1500],
    [{ "retry-after": "soon" }, undefined],
    [{ "retry-after": "-3" }, undefined],
    [{}, undefined],
  ])("reads %o as %s ms", (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), NOW)).toBe(expected);
  });
});
