import { eventToRequest } from "./event-to-request";
import type { FunctionUrlEvent, FunctionUrlResult, LambdaContext } from "./function-url-event";
import { isTextual, responseMetadata } from "./response-metadata";

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * A Lambda handler for Function URLs in BUFFERED invoke mode: the whole response, up to Lambda's
 * 6 MB, returned at once. Streaming responses are collected; prefer `createStreamingHandler` with
 * invoke mode RESPONSE_STREAM, which keyway's Gateway component deploys.
 */
export function createBufferedHandler(
  gateway: FetchHandler,
): (event: FunctionUrlEvent, context?: LambdaContext) => Promise<FunctionUrlResult> {
  return async (event) => {
    const response = await gateway(eventToRequest(event));
    const { statusCode, headers, cookies } = responseMetadata(response);
    const bytes = Buffer.from(await response.arrayBuffer());
    const textual = isTextual(response.headers.get("content-type"));
    return {
      statusCode,
      headers,
      ...(cookies.length > 0 ? { cookies } : {}),
      body: textual ? bytes.toString("utf8") : bytes.toString("base64"),
      isBase64Encoded: !textual,
    };
  };
}
