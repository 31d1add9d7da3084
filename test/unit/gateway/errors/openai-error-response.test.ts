import { describe, expect, it } from "vitest";
import {
  AttemptsExhaustedError,
  AuthenticationError,
  BodyTooLargeError,
  ClientClosedError,
  ERROR_CATALOGUE,
  errorCatalogueMarkdown,
  GatewayError,
  InvalidRequestError,
  MethodNotAllowedError,
  ModelNotAllowedError,
  ModelNotFoundError,
  NoProviderKeysError,
  NotFoundError,
  TotalTimeoutError,
  toOpenAIErrorResponse,
  UpstreamError,
} from "../../../../gateway-lambda/errors";

const REQUEST_ID = "rq_test123";

async function render(error: unknown) {
  const response = toOpenAIErrorResponse(error, REQUEST_ID);
  return { response, body: (await response.json()) as { error: Record<string, unknown> } };
}

const attempts = [
  { provider: "openai", model: "gpt-4o", providerKeyId: "kwpk_a", status: 429, reason: "rate_limited" },
  {
    provider: "anthropic",
    model: "claude-haiku-4-5",
    providerKeyId: "kwpk_b",
    status: null,
    reason: "timeout",
  },
];

describe("toOpenAIErrorResponse", () => {
  it("renders a gateway error in OpenAI's envelope with its stable code and the request id", async () => {
    const { response, body } = await render(
      new InvalidRequestError("invalid_field", "`models` must be an array.", "models"),
    );

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-keyway-request-id")).toBe(REQUEST_ID);
    expect(body).toEqual({
      error: {
        message: "`models` must be an array.",
        type: "invalid_request_error",
        param: "models",
        code: "invalid_field",
      },
    });
  });

  it.each([
    ["missing", "missing_access_key"],
    ["unknown", "invalid_access_key"],
    ["disabled", "access_key_disabled"],
    ["expired", "access_key_expired"],
  ] as const)("answers 401 with a distinct code for a %s access key", async (failure, code) => {
    const { response, body } = await render(new AuthenticationError(failure));

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="keyway"');
    expect(body.error).toMatchObject({ type: "authentication_error", code, param: null });
  });

  it("names the provider:model form for an unknown bare model", async () => {
    const { response, body } = await render(ModelNotFoundError.unknownModel("gpt-9", "model"));

    expect(response.status).toBe(404);
    expect(body.error.code).toBe("model_not_found");
    expect(body.error.param).toBe("model");
    expect(body.error.message).toContain("`provider:model`");
    expect(body.error.message).toContain("openai:gpt-9");
  });

  it.each([
    [new BodyTooLargeError(1024), 413, "body_too_large"],
    [new ModelNotAllowedError("gpt-4o", "model"), 403, "model_not_allowed"],
    [new NoProviderKeysError(["openai:gpt-4o"]), 400, "no_provider_keys"],
    [new NotFoundError("GET", "/v2/chat"), 404, "not_found"],
    [new ClientClosedError(), 499, "client_closed_request"],
  ])("renders %o with its catalogued status", async (error, status, code) => {
    const { response, body } = await render(error);

    expect(response.status).toBe(status);
    expect(body.error.code).toBe(code);
  });

  it("lists the allowed methods on 405", async () => {
    const { response, body } = await render(
      new MethodNotAllowedError("GET", "/v1/chat/completions", ["POST"]),
    );

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(body.error.code).toBe("method_not_allowed");
  });

  it("summarises every attempt on 503 without any secret", async () => {
    const { response, body } = await render(new AttemptsExhaustedError(attempts));

    expect(response.status).toBe(503);
    expect(body.error.code).toBe("all_attempts_failed");
    expect(body.error.attempts).toEqual(attempts);
    expect(body.error.message).toContain("openai:gpt-4o with key kwpk_a: 429 rate_limited");
    expect(body.error.message).toContain("anthropic:claude-haiku-4-5 with key kwpk_b: no response timeout");
  });

  it("answers 504 with the attempts made when the total budget ran out", async () => {
    const { response, body } = await render(new TotalTimeoutError(120_000, attempts));

    expect(response.status).toBe(504);
    expect(body.error).toMatchObject({ type: "timeout_error", code: "total_timeout", attempts });
  });

  it("passes a provider's error through with its status and body unchanged", async () => {
    const providerBody = '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}';
    const error = new UpstreamError({
      provider: "anthropic",
      model: "claude-haiku-4-5",
      providerKeyId: "kwpk_a",
      status: 422,
      isRetryable: false,
      body: providerBody,
      contentType: "application/json; charset=utf-8",
    });

    const response = toOpenAIErrorResponse(error, REQUEST_ID);

    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-keyway-request-id")).toBe(REQUEST_ID);
    expect(await response.text()).toBe(providerBody);
  });

  it("turns anything else into a 500 that shows only the request id", async () => {
    const { response, body } = await render(new TypeError("secret internals at /var/task/index.js:12"));

    expect(response.status).toBe(500);
    expect(body.error).toEqual({
      message: `Internal error (request ${REQUEST_ID}).`,
      type: "server_error",
      param: null,
      code: "internal_error",
    });
  });

  it("keeps the cause on the error for the logs", () => {
    const cause = new SyntaxError("Unexpected token");
    const error = new InvalidRequestError("invalid_json", "The body is not JSON.", null, cause);

    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.name).toBe("InvalidRequestError");
  });
});

describe("ERROR_CATALOGUE", () => {
  it("has one entry per code, each with a status and a description", () => {
    const codes = ERROR_CATALOGUE.map((entry) => entry.code);

    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of ERROR_CATALOGUE) {
      expect(entry.when.length).toBeGreaterThan(10);
      expect(entry.status === "upstream" || (entry.status >= 400 && entry.status <= 599)).toBe(true);
    }
  });
});

describe("errorCatalogueMarkdown", () => {
  it("renders one table row per code, the provider's status for pass-through errors", () => {
    const table = errorCatalogueMarkdown().split("\n");

    expect(table[0]).toBe("| Code | HTTP | When |");
    expect(table).toHaveLength(ERROR_CATALOGUE.length + 2);
    expect(table).toContain(
      "| `all_attempts_failed` | 503 | Every key, step and model was tried and failed; `attempts` lists each one. |",
    );
    expect(table.find((row) => row.startsWith("| `upstream_error`"))).toContain("| the provider's |");
  });
});
