import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createBufferedHandler } from "../../../../gateway-lambda/lambda/buffered-handler";
import { createStreamingHandler } from "../../../../gateway-lambda/lambda/streaming-handler";
import { createAwsLambdaStandIn } from "../../../support/lambda/awslambda-stand-in";
import { functionUrlEvent } from "../../../support/lambda/function-url-events";

/** A gateway stand-in that echoes what it received. */
async function echo(request: Request): Promise<Response> {
  return Response.json(
    {
      method: request.method,
      url: request.url,
      authorization: request.headers.get("authorization"),
      cookie: request.headers.get("cookie"),
      body: request.method === "GET" ? null : await request.text(),
    },
    { status: 201, headers: { "x-keyway-request-id": "req_1", "set-cookie": "a=1" } },
  );
}

/** SSE events spaced in time, as an upstream stream arrives. */
function sseResponse(events: string[], gapMs: number, onCancel?: () => void): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index > 0) await delay(gapMs);
      const event = events[index++];
      if (event === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(`data: ${event}\n\n`));
    },
    cancel() {
      onCancel?.();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

describe("buffered Function URL handler", () => {
  it("turns a payload 2.0 event into the request the gateway sees, base64 body and cookies included", async () => {
    const handler = createBufferedHandler(echo);
    const event = functionUrlEvent("POST", "/v1/chat/completions?trace=1", {
      headers: { authorization: "Bearer kw-abc", "content-type": "application/json" },
      body: '{"model":"gpt-4o"}',
      base64: true,
      cookies: ["s=1", "t=2"],
    });

    const result = await handler(event);

    expect(result.statusCode).toBe(201);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.cookies).toEqual(["a=1"]);
    expect(result.headers["x-keyway-request-id"]).toBe("req_1");
    expect(JSON.parse(result.body)).toEqual({
      method: "POST",
      url: "https://abcdefghij.lambda-url.us-east-1.on.aws/v1/chat/completions?trace=1",
      authorization: "Bearer kw-abc",
      cookie: "s=1; t=2",
      body: '{"model":"gpt-4o"}',
    });
  });

  it("base64-encodes a binary body", async () => {
    const handler = createBufferedHandler(
      async () =>
        new Response(new Uint8Array([0, 1, 2, 255]), {
          headers: { "content-type": "application/octet-stream" },
        }),
    );

    const result = await handler(functionUrlEvent("GET", "/bin"));

    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, "base64")).toEqual(Buffer.from([0, 1, 2, 255]));
  });
});

describe("streaming Function URL handler", () => {
  it("sets status and headers before the first byte, streams each event as it comes, and ends the stream", async () => {
    const { awslambda, invoke } = createAwsLambdaStandIn();
    const handler = createStreamingHandler(async () => sseResponse(["one", "two", "[DONE]"], 60), awslambda);

    const client = await invoke(handler, functionUrlEvent("POST", "/v1/chat/completions", { body: "{}" }));

    expect(client.violations).toEqual([]);
    expect(client.statusCode).toBe(200);
    expect(client.headers?.["content-type"]).toBe("text/event-stream");
    expect(client.chunks.map((chunk) => chunk.text)).toEqual([
      "data: one\n\n",
      "data: two\n\n",
      "data: [DONE]\n\n",
    ]);
    // Not buffered: the first event reached the client well before the last was produced.
    const [first, , last] = client.chunks;
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect(client.ended).toBe(true);
  });

  it("ends the stream for a response without a body", async () => {
    const { awslambda, invoke } = createAwsLambdaStandIn();
    const handler = createStreamingHandler(async () => new Response(null, { status: 204 }), awslambda);

    const client = await invoke(handler, functionUrlEvent("GET", "/healthz"));

    expect(client).toMatchObject({ statusCode: 204, ended: true, violations: [] });
  });

  it("aborts the request and cancels the body when the client disconnects mid-stream", async () => {
    const { awslambda, invoke } = createAwsLambdaStandIn();
    let signal: AbortSignal | undefined;
    let cancelled = false;
    const handler = createStreamingHandler(async (request) => {
      signal = request.signal;
      return sseResponse(["a", "b", "c", "d", "e"], 20, () => {
        cancelled = true;
      });
    }, awslambda);

    const client = await invoke(handler, functionUrlEvent("POST", "/v1/chat/completions", { body: "{}" }), {
      disconnectAfterChunks: 2,
    });

    expect(client.chunks).toHaveLength(2);
    expect(signal?.aborted).toBe(true);
    expect(cancelled).toBe(true);
  });
});
