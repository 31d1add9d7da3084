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

/**
 * An in-memory {@link KeyHealth} on an injected clock.
 *
 * @example
 * const keyHealth = createKeyHealth({ now: () => clock.now() });
 */
export function createKeyHealth(options: KeyHealthOptions): KeyHealth {
  const settings = options.breaker ?? DEFAULT_CIRCUIT_BREAKER;
  const breakers = new Map<string, BreakerState>();
  const cooldowns = new Map<string, number>();
  const breaker = (id: string) => breakers.get(id) ?? circuitBreaker.initial();

  return {
    availability(id) {
      const now = options.now();
      const until = cooldowns.get(id);
      if (until !== undefined) {
        if (now < until) return "cooling";
        cooldowns.delete(id);
      }
      return circuitBreaker.availability(breaker(id), now, settings);
    },
    onAttempt(id) {
      breakers.set(id, circuitBreaker.onAttempt(breaker(id), options.now(), settings));
    },
    onSuccess(id) {
      breakers.delete(id);
    },
    onFailure(id) {
      breakers.set(id, circuitBreaker.onFailure(breaker(id), options.now(), settings));
    },
    coolDown(id, until) {
      cooldowns.set(id, Math.max(until, cooldowns.get(id) ?? 0));
    },
  };
}
