import { describe, expect, it } from "vitest";
import { RawHeaders } from "../../../../gateway-lambda/upstream/node-http-response";

const RAW = [
  "Content-Type",
  "application/json",
  "X-Trace",
  "a",
  "x-trace",
  "b",
  "Set-Cookie",
  "s=1",
  "Set-Cookie",
  "t=2",
];

describe("RawHeaders", () => {
  it("answers get and has from the raw list as fetch's Headers would", () => {
    const headers = new RawHeaders(RAW);
    const platform = new Headers(pairs(RAW));

    for (const name of ["content-type", "CONTENT-TYPE", "x-trace", "set-cookie", "retry-after"]) {
      expect(headers.get(name)).toBe(platform.get(name));
      expect(headers.has(name)).toBe(platform.has(name));
    }
  });

  it("iterates, copies and changes like the platform's Headers", () => {
    const headers = new RawHeaders(RAW);
    const platform = new Headers(pairs(RAW));

    expect([...new RawHeaders(RAW)]).toEqual(entriesOf(platform));
    expect(entriesOf(headers)).toEqual(entriesOf(platform));
    expect(headers.getSetCookie()).toEqual(["s=1", "t=2"]);
    expect(entriesOf(new Headers(new RawHeaders(RAW)))).toEqual(entriesOf(platform));
    expect(new Response(null, { headers: new RawHeaders(RAW) }).headers.get("x-trace")).toBe("a, b");
    headers.set("x-trace", "c");
    headers.delete("content-type");
    headers.append("retry-after", "3");
    expect(headers.get("x-trace")).toBe("c");
    expect(headers.has("content-type")).toBe(false);
    expect(Object.fromEntries(headers.entries())).toMatchObject({ "retry-after": "3", "x-trace": "c" });
  });

  it("is a Headers", () => {
    const forEach: string[] = [];
    const headers = new RawHeaders(RAW);

    headers.forEach((value, name) => {
      forEach.push(`${name}=${value}`);
    });

    expect(headers).toBeInstanceOf(Headers);
    expect(forEach).toContain("content-type=application/json");
    expect([...headers.keys()]).toContain("x-trace");
    expect([...headers.values()]).toContain("application/json");
  });
});

function pairs(raw: readonly string[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let index = 0; index < raw.length; index += 2)
    result.push([raw[index] as string, raw[index + 1] as string]);
  return result;
}

function entriesOf(headers: Headers): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  headers.forEach((value, name) => {
    result.push([name, value]);
  });
  return result;
}
