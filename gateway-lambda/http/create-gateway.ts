import { type Clock, systemClock } from "../clock";
import { createJsonLogger, type Logger } from "../logger";
import { createKeyHealth, type KeyHealth } from "../routing/key-health";
import type { GatewayStore } from "../store/gateway-store";
import { createNodeHttpFetch } from "../upstream/node-http-fetch";
import type { GatewayRuntime } from "./gateway-runtime";
import { handleRequest } from "./handle-request";
import { createAdapterCache } from "./provider-endpoints";
import { createRequestId } from "./request-id";
import { createSnapshotIndexer } from "./snapshot-index";

/** The gateway's dependencies, injected once per process (a warm Lambda, a `keyway serve`). */
export interface CreateGatewaySettings {
  /** Where provider keys, configurations and access keys come from. */
  store: GatewayStore;
  /**
   * Used for every upstream call. Defaults to {@link createNodeHttpFetch} (node:http(s) keep-alive
   * agents), which measured faster than the global `fetch` both per request and on the first request
   * of a fresh process (no undici to initialise): what a Lambda cold start pays.
   */
  fetch?: typeof fetch;
  /** Defaults to the system clock; tests pass a fake one. */
  clock?: Clock;
  /** Receives one line per request; defaults to JSON lines on stdout. */
  logger?: Logger;
  /** Cooldowns and circuit breakers of the provider keys; defaults to an in-memory one on `clock`. */
  keyHealth?: KeyHealth;
  /** Jitter for retry backoff; defaults to `Math.random`. */
  random?: () => number;
  /** Request ids; defaults to `rq_` and 32 random hex digits. */
  requestId?: () => string;
}

/** keyway's data plane as one fetch-shaped function: Lambda and `keyway serve` only translate to and from it. */
export type Gateway = (request: Request) => Promise<Response>;

/**
 * Builds the gateway. Per-process state (key health, adapters per provider endpoint, the indexes
 * derived from each snapshot) lives in the returned function's closure, not in module globals. The
 * function never rejects: every failure is an OpenAI-shaped error response.
 *
 * @example
 * const gateway = createGateway({ store: createStaticStore(snapshot) });
 * const response = await gateway(new Request("http://keyway.local/v1/models", {
 *   headers: { authorization: `Bearer ${token}` },
 * }));
 */
export function createGateway(settings: CreateGatewaySettings): Gateway {
  const clock = settings.clock ?? systemClock;
  const runtime: GatewayRuntime = {
    store: settings.store,
    clock,
    logger: settings.logger ?? createJsonLogger(),
    keyHealth: settings.keyHealth ?? createKeyHealth({ now: () => clock.now() }),
    random: settings.random ?? Math.random,
    requestId: settings.requestId ?? createRequestId,
    indexOf: createSnapshotIndexer(createAdapterCache(settings.fetch ?? createNodeHttpFetch())),
  };
  return (request) => handleRequest(runtime, request);
}
