import type { FunctionUrlEvent } from "../../../gateway-lambda/lambda/function-url-event";

/** A Function URL (payload format 2.0) event as Lambda delivers it. */
export function functionUrlEvent(
  method: string,
  path: string,
  options: {
    headers?: Record<string, string>;
    body?: string;
    base64?: boolean;
    query?: string;
    cookies?: string[];
  } = {},
): FunctionUrlEvent {
  const [rawPath, rawQueryString = options.query ?? ""] = path.split("?");
  return {
    version: "2.0",
    rawPath: rawPath ?? "/",
    rawQueryString,
    cookies: options.cookies,
    headers: {
      host: "abcdefghij.lambda-url.us-east-1.on.aws",
      "x-forwarded-proto": "https",
      ...options.headers,
    },
    requestContext: {
      domainName: "abcdefghij.lambda-url.us-east-1.on.aws",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      http: { method, path: rawPath, sourceIp: "203.0.113.7", userAgent: "OpenAI/JS 7" },
    },
    body:
      options.base64 && options.body !== undefined
        ? Buffer.from(options.body).toString("base64")
        : options.body,
    isBase64Encoded: options.base64 ?? false,
  };
}
