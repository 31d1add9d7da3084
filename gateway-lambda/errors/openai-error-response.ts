import { GatewayError } from "./gateway-error";
import { UpstreamError } from "./upstream-error";

export const REQUEST_ID_HEADER = "x-keyway-request-id";

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
  if (error instanceof UpstreamError) {
    const headers = new Headers({ [REQUEST_ID_HEADER]: requestId });
    headers.set("content-type", error.contentType ?? "application/json");
    return new Response(error.body, { status: error.status, headers });
  }
  const gatewayError =
    error instanceof GatewayError
      ? error
      : new GatewayError({
          code: "internal_error",
          message: `Internal error (request ${requestId}).`,
          cause: error,
        });
  const body = {
    error: {
      message: gatewayError.message,
      type: gatewayError.type,
      param: gatewayError.param,
      code: gatewayError.code,
      ...gatewayError.details(),
    },
  };
  const headers = new Headers(gatewayError.headers);
  headers.set("content-type", "application/json");
  headers.set(REQUEST_ID_HEADER, requestId);
  return new Response(JSON.stringify(body), { status: gatewayError.status, headers });
}
