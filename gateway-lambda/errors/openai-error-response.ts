import { GatewayError } from "./gateway-error";
import { UpstreamError } from "./upstream-error";

export const REQUEST_ID_HEADER = "x-keyway-request-id";

/** An error response before it becomes one (see {@link toOpenAIErrorReply}). */
export interface OpenAIErrorReply {
  status: number;
  /** Lowercase names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Renders any error as the response the caller gets, in OpenAI's envelope
 * `{"error": {"message", "type", "param", "code"}}` (plus `attempts` where the error has them).
 * An {@link UpstreamError} is passed through with the provider's status and body unchanged. Anything
 * that is not a {@link GatewayError} is a bug: it becomes a 500 whose message holds only the request id.
 *
 * @example
 * return toOpenAIErrorResponse(new NotFoundError("GET", "/v2"), "rq_01h...");
 */
export function toOpenAIErrorResponse(error: unknown, requestId: string): Response {
  const reply = toOpenAIErrorReply(error, requestId);
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/**
 * {@link toOpenAIErrorResponse} as status, header record and body, for a caller that adds headers of
 * its own before making the `Response` (the gateway adds its `x-keyway-*` headers).
 */
export function toOpenAIErrorReply(error: unknown, requestId: string): OpenAIErrorReply {
  if (error instanceof UpstreamError) {
    return {
      status: error.status,
      headers: { [REQUEST_ID_HEADER]: requestId, "content-type": error.contentType ?? "application/json" },
      body: error.body,
    };
  }
  const gatewayError = asGatewayError(error, requestId);
  const headers: Record<string, string> = {};
  for (const name in gatewayError.headers) {
    headers[name.toLowerCase()] = gatewayError.headers[name] as string;
  }
  headers["content-type"] = "application/json";
  headers[REQUEST_ID_HEADER] = requestId;
  return { status: gatewayError.status, headers, body: JSON.stringify(openAIErrorEnvelope(gatewayError)) };
}

/**
 * The same envelope as a final server-sent event, for errors that happen after a stream began (the
 * status line is gone): `event: error` and `data: {"error": {...}}`. The OpenAI SDKs raise it as an
 * `APIError` carrying the `code`.
 *
 * @example
 * controller.enqueue(encoder.encode(toSseErrorEvent(new StreamIdleTimeoutError("openai", 30_000), requestId)));
 */
export function toSseErrorEvent(error: unknown, requestId: string): string {
  const envelope = openAIErrorEnvelope(asGatewayError(error, requestId));
  return `event: error\ndata: ${JSON.stringify({ type: "error", ...envelope })}\n\n`;
}

/** Anything that is not a {@link GatewayError} is a bug: a 500 that names only the request id. */
export function asGatewayError(error: unknown, requestId: string): GatewayError {
  return error instanceof GatewayError
    ? error
    : new GatewayError({
        code: "internal_error",
        message: `Internal error (request ${requestId}).`,
        cause: error,
      });
}

function openAIErrorEnvelope(error: GatewayError) {
  return {
    error: {
      message: error.message,
      type: error.type,
      param: error.param,
      code: error.code,
      ...error.details(),
    },
  };
}
