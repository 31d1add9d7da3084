import type { Clock } from "../clock";
import type { AttemptOutcome } from "./attempt-outcome";
import type { AttemptTarget } from "./select-targets";

/** The client went away during the attempt: nothing more is to be done for this request. */
export const CLIENT_CLOSED = Symbol("client closed");

/** One upstream attempt: `signal` aborts it (timer, client); `abort` aborts that signal from inside. */
export type AttemptFunction<T> = (
  target: AttemptTarget,
  signal: AbortSignal,
  abort: (reason?: unknown) => void,
) => Promise<AttemptOutcome<T>>;

export interface TimedAttempt<T> {
  attempt: AttemptFunction<T>;
  clock: Clock;
  /** The client's signal. */
  signal?: AbortSignal;
}

/**
 * Runs one attempt under its own timer, with a signal that aborts on the timer or on the client.
 * An abort by the timer is a `timeout` outcome; one by the client is {@link CLIENT_CLOSED}. The timer
 * is cancelled when the attempt returns, so a successful stream is never cut by it.
 */
export async function attemptWithTimeout<T>(
  options: TimedAttempt<T>,
  target: AttemptTarget,
  timeoutMs: number,
): Promise<AttemptOutcome<T> | typeof CLIENT_CLOSED> {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = options.clock.setTimer(timeoutMs, () => {
    timedOut = true;
    controller.abort(new DOMException(`Attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  const clientSignal = options.signal;
  // Stays attached on success: a client that leaves mid-stream still aborts the upstream.
  const onClientAbort = () => controller.abort(clientSignal?.reason);
  clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  if (clientSignal?.aborted) onClientAbort();
  try {
    const outcome = await options.attempt(target, controller.signal, (reason) => controller.abort(reason));
    if (clientSignal?.aborted) return CLIENT_CLOSED;
    if (outcome.type !== "success") clientSignal?.removeEventListener("abort", onClientAbort);
    return outcome.type === "aborted" && timedOut ? { type: "timeout" } : outcome;
  } catch (error) {
    clientSignal?.removeEventListener("abort", onClientAbort);
    if (clientSignal?.aborted) return CLIENT_CLOSED;
    if (timedOut) return { type: "timeout" };
    throw error;
  } finally {
    cancelTimer();
  }
}
