/**
 * What one upstream attempt produced, as the failover loop sees it. An upstream adapter returns these
 * instead of throwing, so every result (a 429 as much as a reset connection) is data the retry policy
 * can classify.
 */
export type AttemptOutcome<T> =
  /** A 2xx response; `value` is what the caller gets (for HTTP, the unread `Response`). */
  | { type: "success"; status: number; value: T }
  /** A non-2xx response, its body read (bounded) so it can be classified and passed through. */
  | { type: "http_error"; status: number; headers: Headers; body: string }
  /** No response: refused, DNS, TLS, or the connection reset (`reset: true`) before the response completed. */
  | { type: "connection_error"; reset: boolean; message: string }
  /** The adapter's own timer fired (per-attempt or first-token timeout). */
  | { type: "timeout" }
  /** The signal passed to the attempt aborted; the loop knows whether its timer or the client did it. */
  | { type: "aborted" };
