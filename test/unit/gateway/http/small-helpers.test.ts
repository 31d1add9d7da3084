import { describe, expect, it } from "vitest";
import { toSseErrorEvent } from "../../../../gateway-lambda/errors";
import { StreamIdleTimeoutError } from "../../../../gateway-lambda/errors/stream-errors";
import { readAccessToken } from "../../../../gateway-lambda/http/authenticate";
import { effectiveTimeouts } from "../../../../gateway-lambda/http/effective-timeouts";
import { headerValue } from "../../../../gateway-lambda/http/header-value";
import { checkEndpointUrl } from "../../../../gateway-lambda/http/provider-endpoints";
import { pathOf } from "../../../../gateway-lambda/http/request-log";
import { matchRoute } from "../../../../gateway-lambda/http/routes";
import { DEFAULT_GATEWAY_SETTINGS } from "../../../../gateway-lambda/store/gateway-store";

describe("checkEndpointUrl", () => {
  const check = (baseUrl: string, allowInsecureHttp = false) =>
    checkEndpointUrl({ id: "p", baseUrl }, allowInsecureHttp).ok;

  it.each([
    "https://api.openai.com/v1",
    "http://localhost:11434/v1",
    "http://127.0.0.1:8080",
    "http://127.9.9.9/v1",
    "http://[::1]:8000/v1",
  ])("allows %s", (url) => {
    expect(check(url)).toBe(true);
  });

  it.each([
    "http://10.0.0.5/v1",
    "http://localhost.example.com/v1",
    "http://0.0.0.0/v1",
    "ftp://files.example.com",
    "not a url",
  ])("refuses %s", (url) => {
    expect(check(url)).toBe(false);
  });

  it("allows plain http to any host when told to", () => {
    expect(check("http://10.0.0.5/v1", true)).toBe(true);
    expect(check("file:///etc/passwd", true)).toBe(false);
  });
});

describe("headerValue", () => {
  it("percent-encodes what a header cannot carry and keeps the rest", () => {
    expect(headerValue("openai:gpt-4o")).toBe("openai:gpt-4o");
    expect(headerValue("a\r\nb\u0000é")).toBe("a%0D%0Ab%00%C3%A9");
    expect(headerValue("x\ud800")).toBe("x%EF%BF%BD");
    expect(headerValue("m".repeat(5000))).toHaveLength(1024);
  });
});

describe("effectiveTimeouts", () => {
  it("lays a configuration's durations over the gateway's, ignoring unreadable ones", () => {
    expect(
      effectiveTimeouts(DEFAULT_GATEWAY_SETTINGS.timeouts, {
        perAttempt: "1500ms",
        total: "2m",
        firstToken: "0s",
        streamIdle: "soon",
      }),
    ).toEqual({ perAttemptMs: 1_500, totalMs: 120_000, firstTokenMs: 30_000, streamIdleMs: 30_000 });
  });
});

describe("readAccessToken", () => {
  it.each([
    [{ authorization: "Bearer abc" }, "abc"],
    [{ authorization: "BEARER   abc  " }, "abc"],
    [{ authorization: "Bearer" }, undefined],
    [{ authorization: "Bearer a b" }, undefined],
    [{ authorization: "Basic abc", "x-api-key": "key" }, "key"],
    [{ "x-api-key": "  key " }, "key"],
    [{}, undefined],
  ])("reads %j as %j", (headers, token) => {
    expect(readAccessToken(new Headers(headers))).toBe(token);
  });
});

describe("matchRoute", () => {
  it("matches paths exactly", () => {
    expect(matchRoute("POST", "/v1/chat/completions").type).toBe("route");
    expect(matchRoute("POST", "/v1/chat/completions/").type).toBe("error");
    expect(matchRoute("POST", "/V1/chat/completions").type).toBe("error");
  });
});

describe("toSseErrorEvent", () => {
  it("renders the OpenAI envelope as a final `error` event", () => {
    const event = toSseErrorEvent(new StreamIdleTimeoutError("openai", 30_000), "rq_1");

    expect(event).toMatch(/^event: error\ndata: \{.*\}\n\n$/);
    expect(JSON.parse(event.split("data: ")[1] as string)).toEqual({
      type: "error",
      error: {
        message: "The stream from openai stalled for more than 30000 ms; the answer is incomplete.",
        type: "timeout_error",
        param: null,
        code: "stream_idle_timeout",
      },
    });
  });

  it("renders a bug with the request id only", () => {
    expect(toSseErrorEvent(new Error("secret internals"), "rq_1")).not.toContain("secret internals");
  });
});

describe("pathOf", () => {
  it.each([
    "http://keyway.local/v1/chat/completions",
    "http://127.0.0.1:8787/v1/models?limit=1#top",
    "https://example.com:8443/a/b c/?q=/x",
    "http://[::1]:8000/#frag/ment",
    "http://keyway.local/v1/%E6%A8%A1?x#y",
    "http://keyway.local",
    "http://keyway.local?q",
  ])("reads the path of %s as the URL parser does", (url) => {
    const request = new Request(url);

    expect(pathOf(request.url)).toBe(new URL(url).pathname);
  });
});
