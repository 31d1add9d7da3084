export interface CircuitBreakerSettings {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker rejects before it lets one probe through. */
  openMs: number;
}

/**
 * Defaults: open after 5 consecutive failures, probe after 15 s. A recovered key carries traffic again
 * at the first request after the 15 s (well within 30 s); a probe that never reports back frees the
 * probe slot after another 15 s.
 */
export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerSettings = { failureThreshold: 5, openMs: 15_000 };

export type BreakerState =
  | { kind: "closed"; failures: number }
  | { kind: "open"; until: number }
  | { kind: "half_open"; probeStartedAt: number };

export type BreakerAvailability = "available" | "circuit_open";

/**
 * A circuit breaker as a value and pure transitions over it: closed -> open after `failureThreshold`
 * consecutive failures; open -> half-open once `openMs` passed, letting a single probe through;
 * the probe's success closes it, its failure opens it again.
 */
export const circuitBreaker = {
  initial: (): BreakerState => ({ kind: "closed", failures: 0 }),

  /** Whether an attempt may go to the key now, without claiming the probe. */
  availability(state: BreakerState, now: number, settings: CircuitBreakerSettings): BreakerAvailability {
    if (state.kind === "closed") return "available";
    if (state.kind === "open") return now >= state.until ? "available" : "circuit_open";
    // A probe is in flight; a lost one (its attempt never reported) frees the slot after `openMs`.
    return now - state.probeStartedAt >= settings.openMs ? "available" : "circuit_open";
  },

  /** An attempt starts: past an open period, it becomes the half-open probe. */
  onAttempt(state: BreakerState, now: number, settings: CircuitBreakerSettings): BreakerState {
    return state.kind === "closed" || circuitBreaker.availability(state, now, settings) === "circuit_open"
      ? state
      : { kind: "half_open", probeStartedAt: now };
  },

  onSuccess: (): BreakerState => ({ kind: "closed", failures: 0 }),

  onFailure(state: BreakerState, now: number, settings: CircuitBreakerSettings): BreakerState {
    if (state.kind !== "closed") return { kind: "open", until: now + settings.openMs };
    const failures = state.failures + 1;
    return failures >= settings.failureThreshold
      ? { kind: "open", until: now + settings.openMs }
      : { kind: "closed", failures };
  },
};
