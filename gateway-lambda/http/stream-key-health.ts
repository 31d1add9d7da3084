import type { KeyAvailability, KeyHealth } from "../routing/key-health";

/**
 * The key health one request reports to, where a streamed answer is judged when its stream ends, not
 * when it is committed: a key whose streams keep breaking mid-way then opens its circuit like any
 * failing key. `defer(id)` (called as the stream is committed) holds back the success the failover
 * loop is about to report for that key; `settle` reports the stream's real outcome. One object per
 * request, its methods on the prototype.
 *
 * @example
 * const health = new StreamKeyHealth(runtime.keyHealth);
 * runFailover({ ..., keyHealth: health });
 * health.settle(target.providerKeyId, "failure");
 */
export class StreamKeyHealth implements KeyHealth {
  private deferred: string | undefined;

  constructor(private readonly shared: KeyHealth) {}

  availability(providerKeyId: string): KeyAvailability {
    return this.shared.availability(providerKeyId);
  }

  onAttempt(providerKeyId: string): void {
    this.shared.onAttempt(providerKeyId);
  }

  onSuccess(providerKeyId: string): void {
    if (providerKeyId !== this.deferred) this.shared.onSuccess(providerKeyId);
  }

  onFailure(providerKeyId: string): void {
    this.shared.onFailure(providerKeyId);
  }

  coolDown(providerKeyId: string, until: number): void {
    this.shared.coolDown(providerKeyId, until);
  }

  /** A stream of this key is being committed: its success is reported when the stream ends. */
  defer(providerKeyId: string): void {
    this.deferred = providerKeyId;
  }

  /** The stream ended: `unknown` (the client left first) reports nothing. */
  settle(providerKeyId: string, outcome: "success" | "failure" | "unknown"): void {
    this.deferred = undefined;
    if (outcome === "success") this.shared.onSuccess(providerKeyId);
    else if (outcome === "failure") this.shared.onFailure(providerKeyId);
  }
}
