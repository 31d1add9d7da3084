import type { FunctionUrlEvent, FunctionUrlResult } from "../../../gateway-lambda/lambda/function-url-event";
import type { createAwsLambdaStandIn } from "./awslambda-stand-in";

/** Turns a fetch Request into the Function URL event Lambda would deliver for it. */
export async function requestToEvent(request: Request): Promise<FunctionUrlEvent> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body =
    request.method === "GET" ? undefined : Buffer.from(await request.arrayBuffer()).toString("base64");
  return {
    version: "2.0",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: { domainName: url.host, http: { method: request.method, path: url.pathname } },
    body,
    isBase64Encoded: body !== undefined,
  };
}

/**
 * A `fetch` that goes through a buffered Function URL handler: what the Lambda service does between an
 * HTTP client and the function. Pass it to an SDK as its `fetch`.
 */
export function fetchThroughBufferedHandler(
  handler: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>,
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const result = await handler(await requestToEvent(new Request(input, init)));
    const body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
    const headers = new Headers(result.headers);
    for (const cookie of result.cookies ?? []) headers.append("set-cookie", cookie);
    return new Response(result.statusCode === 204 ? null : body, { status: result.statusCode, headers });
  }) as typeof fetch;
}

/** The same through a response-streaming handler, run by the awslambda stand-in. */
export function fetchThroughStreamingHandler(
  handler: unknown,
  standIn: ReturnType<typeof createAwsLambdaStandIn>,
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const invocation = await standIn.invoke(handler, await requestToEvent(new Request(input, init)));
    if (invocation.violations.length > 0)
      throw new Error(`runtime contract broken: ${invocation.violations.join("; ")}`);
    return new Response(invocation.chunks.map((chunk) => chunk.text).join(""), {
      status: invocation.statusCode,
      headers: invocation.headers,
    });
  }) as typeof fetch;
}
