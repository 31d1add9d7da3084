/**
 * A response before it becomes one: what a route answers, to which the gateway then adds its
 * `x-keyway-*` headers before making a single `Response`. The headers are a plain record with lowercase
 * names: `@hono/node-server` writes such a record as it is, where a `Headers` object would be built,
 * then copied back into a record, for every request.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
}

/** A JSON reply. */
export function jsonReply(value: unknown, status = 200): Reply {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}
