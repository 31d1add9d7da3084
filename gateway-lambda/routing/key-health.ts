import {
  type BreakerState,
  type CircuitBreakerSettings,
  circuitBreaker,
  DEFAULT_CIRCUIT_BREAKER,
} from "./circuit-breaker";

export type KeyAvailability = "available" | "cooling" | "circuit_open";

/**
 * What the gateway knows about each provider key's recent behaviour: a cooldown after a 429 with
 * `Retry-After`, and a circuit breaker. Lives for the process (one per warm Lambda), shared by requests.
 */
export interface KeyHealth {
  /** Whether the key may be tried now. Does not claim anything. */
  availability(providerKeyId: string): KeyAvailability;
  /** An attempt with the key starts (claims the half-open probe when the breaker is due one). */
  onAttempt(providerKeyId: string): void;
  onSuccess(providerKeyId: string): void;
  onFailure(providerKeyId: string): void;
  /** The key is not tried again before `until` (epoch ms) while another target exists. */
  coolDown(providerKeyId: string, until: number): void;
}

export interface KeyHealthOptions {
  now: () => number;
  breaker?: CircuitBreakerSettings;
}

/** The state of a key with no entry: closed, no failures. */
const CLOSED: BreakerState = Object.freeze(circuitBreaker.initial());

/**
 * An in-memory {@link KeyHealth} on an injected clock.
 *
 * @example
 * const keyHealth = createKeyHealth({ now: () => clock.now() });
 */
export function createKeyHealth(options: KeyHealthOptions): KeyHealth {
  const settings = options.breaker ?? DEFAULT_CIRCUIT_BREAKER;
  // Only keys with something to remember have entries: a healthy key costs two map lookups per request.
  const breakers = new Map<string, BreakerState>();
  const cooldowns = new Map<string, number>();

  return {
    availability(id) {
      const until = cooldowns.get(id);
      const state = breakers.get(id);
      if (until === undefined && state === undefined) return "available";
      const now = options.now();
      if (until !== undefined) {
        if (now < until) return "cooling";
        cooldowns.delete(id);
      }
      return state === undefined ? "available" : circuitBreaker.availability(state, now, settings);
    },
    onAttempt(id) {
      const state = breakers.get(id);
      // A closed breaker has no probe to claim.
      if (state === undefined || state.kind === "closed") return;
      breakers.set(id, circuitBreaker.onAttempt(state, options.now(), settings));
    },
    onSuccess(id) {
      breakers.delete(id);
    },
    onFailure(id) {
      breakers.set(id, circuitBreaker.onFailure(breakers.get(id) ?? CLOSED, options.now(), settings));
    },
    coolDown(id, until) {
      cooldowns.set(id, Math.max(until, cooldowns.get(id) ?? 0));
    },
  };
}
