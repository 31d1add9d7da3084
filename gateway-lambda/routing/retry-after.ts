/**
 * How long a provider asks to wait, in milliseconds: OpenAI's `retry-after-ms`, else `Retry-After`
 * as seconds or as an HTTP date (relative to `now`). Undefined when absent or unreadable; never negative.
 *
 * @example
 * parseRetryAfter(new Headers({ "retry-after": "2" }), Date.now()); // 2000
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Math.ceil(Number(milliseconds));
  }
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP date names its weekday and month; without letters, Date.parse would read "-3" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
