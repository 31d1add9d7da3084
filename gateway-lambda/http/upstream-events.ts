import type { Clock } from "../clock";
import { inspectEvent, type SseEvent } from "./sse-event";
import { SseEventSplitter } from "./sse-event-splitter";

/** After the last event the client needs, at most this many more chunks are read to let the connection finish. */
const DRAIN_CHUNKS = 8;

/** Events are decoded whole (never across chunks), so one stateless decoder serves every stream. */
const DECODER = new TextDecoder();

/**
 * An upstream SSE body read event by event: each `next()` reads one chunk and returns the events it
 * completed, so events go on as they arrive, never held back for later ones.
 */
export class UpstreamEvents {
  private readonly splitter = new SseEventSplitter();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The events completed by the next chunk (maybe none); null at the end of the body. Rejects when it breaks. */
  async next(): Promise<SseEvent[] | null> {
    const { done, value } = await this.reader.read();
    if (done) return null;
    return this.splitter.push(value).map((bytes) => inspectEvent(bytes, DECODER));
  }

  /** An unfinished last event left when the body ended, completed with its blank line. */
  takeRest(): SseEvent | undefined {
    const rest = this.splitter.takeRest();
    if (!rest) return undefined;
    const completed = new Uint8Array(rest.byteLength + 2);
    completed.set(rest, 0);
    completed.set([0x0a, 0x0a], rest.byteLength);
    return inspectEvent(completed, DECODER);
  }

  /**
   * Reads what follows the end of the answer (normally only the end of the body), in the background,
   * so the connection finishes cleanly and can be reused; gives up after a few chunks or `idleMs`.
   */
  drain(clock: Clock, idleMs: number, abort: () => void): void {
    const cancelTimer = clock.setTimer(idleMs, abort);
    void (async () => {
      try {
        for (let chunk = 0; chunk < DRAIN_CHUNKS; chunk++) {
          if ((await this.reader.read()).done) return;
        }
        abort();
      } catch {
        // The upstream broke after the answer was complete: nothing is lost.
      } finally {
        cancelTimer();
      }
    })();
  }
}
