import type { SseEvent } from "./sse-event";
import type { UpstreamEvents } from "./upstream-events";
import type { TokenUsage } from "./usage";

/** A buffered answer, read whole inside its attempt: the bytes the provider sent, never re-serialized. */
export interface BufferedAnswer {
  kind: "buffered";
  status: number;
  contentType: string | null;
  body: Uint8Array<ArrayBuffer>;
  usage?: TokenUsage;
}

/** A streamed answer whose first content event has arrived: the moment the gateway commits to it. */
export interface StreamAnswer {
  kind: "stream";
  status: number;
  contentType: string | null;
  /** The events read until the first content event (comments before it included): sent first. */
  head: SseEvent[];
  /** The rest of the upstream body. */
  events: UpstreamEvents;
  /** Aborts the upstream request (client gone, stream idle). */
  abort(): void;
}

/** What a successful attempt hands to the response: chosen before anything is sent to the client. */
export type UpstreamAnswer = BufferedAnswer | StreamAnswer;
