import type { KeyHealth } from "../routing/key-health";

/**
 * The key health one request reports to, where a streamed answer is judged when its stream ends, not
 * when it is committed: a key whose streams keep breaking mid-way then opens its circuit like any
 * failing key. `defer(id)` (called as the stream is committed) holds back the success the failover
 * loop is about to report for that key; `settle` reports the stream's real outcome.
 *
 * @example
 * const health = createStreamKeyHealth(runtime.keyHealth);
 * runFailover({ ..., keyHealth: health.keyHealth });
 * health.settle(target.providerKeyId, "failure");
 */
export function createStreamKeyHealth(shared: KeyHealth) {
  let deferred: string | undefined;
  const keyHealth: KeyHealth = {
    availability: (id) => shared.availability(id),
    onAttempt: (id) => shared.onAttempt(id),
    onSuccess(id) {
      if (id === deferred) return;
      shared.onSuccess(id);
    },
    onFailure: (id) => shared.onFailure(id),
    coolDown: (id, until) => shared.coolDown(id, until),
  };
  return {
    keyHealth,
    defer(providerKeyId: string) {
      deferred = providerKeyId;
    },
    /** The stream ended: `unknown` (the client left first) reports nothing. */
    settle(providerKeyId: string, outcome: "success" | "failure" | "unknown") {
      deferred = undefined;
      if (outcome === "success") shared.onSuccess(providerKeyId);
      else if (outcome === "failure") shared.onFailure(providerKeyId);
    },
  };
}
