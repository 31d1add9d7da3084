import type { FunctionUrlEvent } from "./function-url-event";

/**
 * Builds the fetch `Request` the gateway core takes from a Function URL event. The body is already
 * complete in the event (Function URLs buffer requests), so it is passed as bytes.
 */
export function eventToRequest(event: FunctionUrlEvent, signal?: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  if (event.cookies?.length) headers.set("cookie", event.cookies.join("; "));
  const host = event.headers?.host ?? event.requestContext.domainName ?? "lambda-url.invalid";
  const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
  const method = event.requestContext.http.method.toUpperCase();
  const hasBody = event.body !== undefined && event.body !== "" && method !== "GET" && method !== "HEAD";
  return new Request(`https://${host}${event.rawPath}${query}`, {
    method,
    headers,
    body: hasBody ? Buffer.from(event.body as string, event.isBase64Encoded ? "base64" : "utf8") : undefined,
    signal,
  });
}
