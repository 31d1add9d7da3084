import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FetchHandler } from "./buffered-handler";
import { eventToRequest } from "./event-to-request";
import type { FunctionUrlEvent, LambdaContext } from "./function-url-event";
import { responseMetadata } from "./response-metadata";

/**
 * The `awslambda` global the Node.js managed runtime provides (no npm package exists). Declared
 * here, and passed in, so tests can supply a stand-in that enforces the same contract.
 */
export interface AwsLambdaGlobal {
  streamifyResponse(
    handler: (event: FunctionUrlEvent, responseStream: Writable, context: LambdaContext) => Promise<void>,
  ): unknown;
  HttpResponseStream: {
    from(
      responseStream: Writable,
      metadata: { statusCode: number; headers: Record<string, string>; cookies?: string[] },
    ): Writable;
  };
}

/**
 * A Lambda handler for Function URLs in RESPONSE_STREAM invoke mode. Status and headers go out
 * through `HttpResponseStream.from` before the first byte; the body is piped as the gateway core
 * produces it (each SSE event as it arrives); the stream is always ended. When the client goes
 * away, the write side fails: the request's signal aborts, which aborts the upstream call.
 */
export function createStreamingHandler(gateway: FetchHandler, awslambda: AwsLambdaGlobal): unknown {
  return awslambda.streamifyResponse(async (event, responseStream) => {
    const abort = new AbortController();
    let finished = false;
    const onGone = () => {
      if (!finished) abort.abort(new Error("client disconnected"));
    };
    responseStream.once("close", onGone);
    responseStream.once("error", onGone);
    const response = await gateway(eventToRequest(event, abort.signal));
    const { statusCode, headers, cookies } = responseMetadata(response);
    const httpStream = awslambda.HttpResponseStream.from(responseStream, {
      statusCode,
      headers,
      ...(cookies.length > 0 ? { cookies } : {}),
    });
    try {
      const body = response.body
        ? Readable.fromWeb(response.body as import("node:stream/web").ReadableStream)
        : Readable.from([]);
      await pipeline(body, writeAtLeastOnce, httpStream);
      finished = true;
    } catch (error) {
      // The client left, or the body failed after the headers were sent; either way the response is
      // committed. Abort the upstream and make sure the stream is closed.
      abort.abort(error);
      if (!httpStream.writableEnded) httpStream.end();
    } finally {
      responseStream.off("close", onGone);
      responseStream.off("error", onGone);
    }
  });
}

/**
 * The managed runtime sends the status-and-headers prelude on the stream's first `write()`; a stream
 * ended without one loses them and the client gets a bare 200 (aws-lambda-nodejs-runtime-interface-client
 * issue 97). So a response without body bytes (204, an empty body) writes one empty chunk.
 */
async function* writeAtLeastOnce(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let wrote = false;
  for await (const chunk of chunks) {
    wrote = true;
    yield chunk;
  }
  if (!wrote) yield new Uint8Array(0);
}
