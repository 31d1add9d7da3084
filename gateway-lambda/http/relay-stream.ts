import type { Clock } from "../clock";
import { toSseErrorEvent } from "../errors/openai-error-response";
import { StreamIdleTimeoutError, StreamInterruptedError } from "../errors/stream-errors";
import type { SseEvent } from "./sse-event";
import type { StreamAnswer } from "./upstream-answer";
import type { TokenUsage } from "./usage";

/**
 * How a relayed stream ended: `completed` (the upstream finished: `[DONE]`, or the end of a Responses
 * stream), `finalized` (a chat stream ended cleanly without `[DONE]`; the gateway added it),
 * `interrupted` / `idle_timeout` (the client got an error event and no `[DONE]`), `client_closed`.
 */
export type StreamEnd = "completed" | "finalized" | "interrupted" | "idle_timeout" | "client_closed";

export interface StreamSummary {
  end: StreamEnd;
  usage?: TokenUsage;
}

export interface RelaySettings {
  /** Chat completions end with `data: [DONE]`: a clean end without it gets one (Responses streams have none). */
  finalizeWithDone: boolean;
  /** The longest silence from the upstream before the stream is ended with an error event. */
  idleMs: number;
  clock: Clock;
  provider: string;
  requestId: string;
  /** The client's signal: an abort ends the relay as `client_closed`, not with an error event. */
  clientSignal: AbortSignal;
  /** Called once, when the stream ends however it ends. */
  onEnd(summary: StreamSummary): void;
}

const DONE_EVENT = new TextEncoder().encode("data: [DONE]\n\n");

/**
 * The client's body for a committed stream: the events read so far, then each upstream event as it
 * arrives (pulled, so a slow client slows the upstream read instead of filling memory). The idle
 * timer runs only while waiting on the upstream. A break or a stall ends the stream with an error
 * event and no `[DONE]`, so a truncated answer never looks complete; a chat stream that ends cleanly
 * without `[DONE]` gets one at once. Cancelling the body (the client left) aborts the upstream.
 */
export function relayStream(answer: StreamAnswer, settings: RelaySettings): ReadableStream<Uint8Array> {
  let usage: TokenUsage | undefined;
  let ended = false;
  const finish = (end: StreamEnd) => {
    if (ended) return;
    ended = true;
    settings.onEnd(usage ? { end, usage } : { end });
  };
  /** Enqueues events; true once `[DONE]` went out. */
  const forward = (controller: ReadableStreamDefaultController<Uint8Array>, events: readonly SseEvent[]) => {
    for (const event of events) {
      if (event.usage) usage = event.usage;
      controller.enqueue(event.bytes);
      if (event.isDone) return true;
    }
    return false;
  };
  const complete = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    controller.close();
    finish("completed");
    answer.events.drain(settings.clock, settings.idleMs, answer.abort);
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (forward(controller, answer.head)) complete(controller);
    },
    async pull(controller) {
      let idle = false;
      const cancelIdle = settings.clock.setTimer(settings.idleMs, () => {
        idle = true;
        answer.abort();
      });
      let events: SseEvent[] | null;
      try {
        events = await answer.events.next();
      } catch (error) {
        if (ended) return; // Cancelled by the client while waiting: the stream is gone.
        if (settings.clientSignal.aborted) {
          finish("client_closed");
          controller.error(error);
          return;
        }
        const failure = idle
          ? new StreamIdleTimeoutError(settings.provider, settings.idleMs)
          : new StreamInterruptedError(settings.provider, error);
        answer.abort();
        controller.enqueue(new TextEncoder().encode(toSseErrorEvent(failure, settings.requestId)));
        controller.close();
        finish(idle ? "idle_timeout" : "interrupted");
        return;
      } finally {
        cancelIdle();
      }
      if (ended) return;
      if (events === null) {
        const rest = answer.events.takeRest();
        if (rest && forward(controller, [rest])) return complete(controller);
        if (settings.finalizeWithDone) controller.enqueue(DONE_EVENT);
        controller.close();
        finish(settings.finalizeWithDone ? "finalized" : "completed");
        return;
      }
      if (forward(controller, events)) complete(controller);
    },
    cancel() {
      answer.abort();
      finish("client_closed");
    },
  });
}
