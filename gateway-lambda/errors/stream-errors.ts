import { GatewayError } from "./gateway-error";

/**
 * The provider's stream broke (connection cut, read error) after the gateway began streaming to the
 * client. Rendered as a final SSE `error` event: the status was already sent.
 */
export class StreamInterruptedError extends GatewayError {
  constructor(provider: string, cause?: unknown) {
    super({
      code: "stream_interrupted",
      message: `The stream from ${provider} broke before it finished; the answer is incomplete.`,
      cause,
    });
  }
}

/** The provider's stream sent nothing for longer than the stream idle timeout after it began. */
export class StreamIdleTimeoutError extends GatewayError {
  readonly idleMs: number;

  constructor(provider: string, idleMs: number) {
    super({
      code: "stream_idle_timeout",
      message: `The stream from ${provider} stalled for more than ${idleMs} ms; the answer is incomplete.`,
    });
    this.idleMs = idleMs;
  }
}
