const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array();

/** An upstream event longer than this without a blank line is a broken stream, not a long event. */
export const MAX_SSE_EVENT_BYTES = 8 * 1024 * 1024;

/**
 * Cuts a server-sent-event byte stream into whole events, each with its terminating blank line
 * (`\n\n`, `\r\n\r\n` or a mix), as views on the bytes received: events are forwarded byte for byte,
 * never re-encoded. Bytes after the last blank line wait for the next chunk. (A lone `\r` as line
 * end, which no provider sends, is not recognised.)
 *
 * @example
 * const splitter = new SseEventSplitter();
 * splitter.push(encode("data: a\n\ndata: b")); // [bytes of "data: a\n\n"]
 * splitter.push(encode("\n\n"));               // [bytes of "data: b\n\n"]
 */
export class SseEventSplitter {
  private pending: Uint8Array = EMPTY;

  /** The events completed by this chunk. Throws when an event grows past {@link MAX_SSE_EVENT_BYTES}. */
  push(chunk: Uint8Array): Uint8Array[] {
    const carried = this.pending.byteLength;
    const buffer = carried === 0 ? chunk : concat(this.pending, chunk);
    const events: Uint8Array[] = [];
    let start = 0;
    // A blank line that began in the carried bytes starts at most 3 bytes before their end.
    let search = Math.max(0, carried - 3);
    for (;;) {
      const lineEnd = buffer.indexOf(LF, search);
      if (lineEnd === -1) break;
      let next = lineEnd + 1;
      if (buffer[next] === CR) next++;
      if (next >= buffer.byteLength) break;
      if (buffer[next] === LF) {
        events.push(buffer.subarray(start, next + 1));
        start = next + 1;
        search = start;
      } else {
        search = lineEnd + 1;
      }
    }
    this.pending = start === buffer.byteLength ? EMPTY : buffer.subarray(start);
    if (this.pending.byteLength > MAX_SSE_EVENT_BYTES) {
      throw new Error(`An upstream event exceeded ${MAX_SSE_EVENT_BYTES} bytes without ending.`);
    }
    return events;
  }

  /** The bytes of an unfinished last event (the stream ended without its blank line), if any. */
  takeRest(): Uint8Array | undefined {
    const rest = this.pending;
    this.pending = EMPTY;
    return rest.byteLength > 0 ? rest : undefined;
  }
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(left.byteLength + right.byteLength);
  joined.set(left, 0);
  joined.set(right, left.byteLength);
  return joined;
}
