import { Writable } from "node:stream";
import type { FunctionUrlEvent, LambdaContext } from "../../../gateway-lambda/lambda/function-url-event";
import type { AwsLambdaGlobal } from "../../../gateway-lambda/lambda/streaming-handler";

export interface StreamedInvocation {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
  /** Body chunks in write order, with the time each arrived (ms since the invocation started). */
  chunks: { text: string; at: number }[];
  ended: boolean;
  /** Contract violations the real runtime would punish (a write before the metadata, no end). */
  violations: string[];
}

type StreamingFunction = (event: FunctionUrlEvent, stream: Writable, context: LambdaContext) => Promise<void>;

/**
 * A stand-in for the Node.js runtime's `awslambda` global that enforces its contract:
 * `HttpResponseStream.from` must set status and headers before the first body write, at most once,
 * at least one write must follow (the runtime sends the metadata with it), and the handler must end the stream (the real runtime otherwise waits until the function times out).
 * `invoke` runs a streamified handler and reports what a client would have received.
 */
export function createAwsLambdaStandIn() {
  const handlers = new WeakMap<object, StreamingFunction>();
  const metadataOf = new WeakMap<Writable, { set: boolean; record: StreamedInvocation }>();

  const awslambda: AwsLambdaGlobal = {
    streamifyResponse(handler) {
      const marker = {};
      handlers.set(marker, handler);
      return marker;
    },
    HttpResponseStream: {
      from(responseStream, metadata) {
        const state = metadataOf.get(responseStream);
        if (!state) throw new Error("HttpResponseStream.from: not a response stream");
        if (state.set) state.record.violations.push("HttpResponseStream.from called twice");
        if (state.record.chunks.length > 0)
          state.record.violations.push("metadata set after the first write");
        state.set = true;
        state.record.statusCode = metadata.statusCode;
        state.record.headers = metadata.headers;
        state.record.cookies = metadata.cookies;
        return responseStream;
      },
    },
  };

  async function invoke(
    handler: unknown,
    event: FunctionUrlEvent,
    options: { disconnectAfterChunks?: number } = {},
  ): Promise<StreamedInvocation> {
    const run = handlers.get(handler as object);
    if (!run) throw new Error("not a streamified handler");
    const started = Date.now();
    const record: StreamedInvocation = { chunks: [], ended: false, violations: [] };
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        if (!metadataOf.get(stream)?.set)
          record.violations.push("body written before HttpResponseStream.from");
        record.chunks.push({ text: Buffer.from(chunk).toString("utf8"), at: Date.now() - started });
        if (
          options.disconnectAfterChunks !== undefined &&
          record.chunks.length >= options.disconnectAfterChunks
        ) {
          callback(new Error("client disconnected"));
          return;
        }
        callback();
      },
      final(callback) {
        record.ended = true;
        callback();
      },
    });
    metadataOf.set(stream, { set: false, record });
    await run(event, stream, { awsRequestId: "test-request" });
    if (!record.ended && !stream.destroyed) record.violations.push("stream not ended");
    // The managed runtime sends the status-and-headers prelude with the first write: a stream ended
    // without one loses them (the client sees a bare 200).
    if (metadataOf.get(stream)?.set && record.chunks.length === 0) {
      record.violations.push(
        "metadata set but nothing written: the runtime would drop the status and headers",
      );
    }
    return record;
  }

  return { awslambda, invoke };
}
