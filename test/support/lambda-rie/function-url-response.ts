import type { FunctionUrlResult } from "../../../gateway-lambda/lambda/function-url-event";
import type { Invocation } from "./emulator";

const PRELUDE_DELIMITER = Buffer.alloc(8);

/** An HTTP response as a Function URL client would get it. */
export interface FunctionUrlResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

/** A buffered handler's result: the JSON object a Function URL turns into the HTTP response. */
export function readBufferedResult(invocation: Invocation): FunctionUrlResponse {
  if (invocation.status !== 200) {
    throw new Error(`invoke failed with ${invocation.status}: ${invocation.body.toString("utf8")}`);
  }
  const result = JSON.parse(invocation.body.toString("utf8")) as FunctionUrlResult;
  const body = result.isBase64Encoded ? Buffer.from(result.body, "base64").toString("utf8") : result.body;
  return { statusCode: result.statusCode, headers: result.headers, cookies: result.cookies ?? [], body };
}

/**
 * A streaming handler's response: the JSON prelude `HttpResponseStream.from` wrote (status, headers,
 * cookies), eight NUL bytes, then the body. A Function URL in RESPONSE_STREAM mode reads it the same
 * way; without the prelude it answers 200 with no headers. (The runtime also sets the content type
 * `application/vnd.awslambda.http-integration-response`, but the emulator does not pass the runtime's
 * content type on to the invoker, so the prelude is recognised by its delimiter.)
 */
export function readStreamedResponse(invocation: Invocation): FunctionUrlResponse {
  if (invocation.status !== 200) {
    throw new Error(`invoke failed with ${invocation.status}: ${invocation.body.toString("utf8")}`);
  }
  const split = invocation.body.indexOf(PRELUDE_DELIMITER);
  if (split < 0) {
    throw new Error(
      `no HTTP prelude (status and headers lost): ${JSON.stringify(invocation.body.toString())}`,
    );
  }
  const prelude = JSON.parse(invocation.body.subarray(0, split).toString("utf8")) as {
    statusCode: number;
    headers?: Record<string, string>;
    cookies?: string[];
  };
  return {
    statusCode: prelude.statusCode,
    headers: prelude.headers ?? {},
    cookies: prelude.cookies ?? [],
    body: invocation.body.subarray(split + PRELUDE_DELIMITER.length).toString("utf8"),
  };
}
