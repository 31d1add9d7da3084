import type { AttemptOutcome } from "../routing/attempt-outcome";
import type { UpstreamBody } from "./upstream-body";

/**
 * One request to an upstream provider: what the gateway received, reduced to what an adapter needs.
 * Holds the provider key's value, so it lives only for one attempt and is never logged.
 */
export interface UpstreamRequest {
  /** The API path below the provider's base URL, without a leading `/`: `chat/completions`, `embeddings`. */
  path: string;
  method: "GET" | "POST";
  /** The client's headers. Adapters forward only a safe allowlist: never credentials or hop-by-hop headers. */
  headers: Headers;
  /** The client's JSON body, for POST. */
  body?: UpstreamBody;
  /** The upstream model id: replaces the body's `model` (and `models` is removed). */
  model: string;
  /** The provider key's value, sent in the adapter's auth header. */
  apiKey: string;
  /** Aborted by the failover loop's timer or by the client; adapters pass it to `fetch`. */
  signal: AbortSignal;
}

/**
 * Speaks one wire format to one provider. `send` never throws for upstream trouble: a 429, a reset
 * connection or a timeout comes back as an {@link AttemptOutcome} the retry policy classifies. On
 * success, the response is returned with its body unread, so streams pass through as they arrive.
 *
 * @example
 * const outcome = await adapter.send({ path: "chat/completions", method: "POST", headers, body,
 *   model: "gpt-4o", apiKey, signal });
 */
export interface UpstreamAdapter {
  /** The provider id this adapter serves (`openai`, `groq`, a custom provider's id). */
  readonly provider: string;
  send(request: UpstreamRequest): Promise<AttemptOutcome<Response>>;
}
