import type { KeyHealth } from "./key-health";
import type { AttemptTarget } from "./select-targets";

/** A target the loop passed over without an attempt, and why. */
export interface SkipRecord {
  target: AttemptTarget;
  reason: "cooling" | "circuit_open" | "model_abandoned";
}

/**
 * Finds the next target the failover loop should try: it skips the models the loop abandoned
 * (after a 404 or a context-length error) and keys that are cooling or whose circuit is open, but only
 * while a usable target remains after them; when none does, the least bad one is tried anyway.
 */
export class TargetCursor {
  readonly skipped: SkipRecord[] = [];
  /** Candidates given up on (made on the first). */
  private abandoned: Set<number> | undefined;

  constructor(
    private readonly targets: readonly AttemptTarget[],
    private readonly keyHealth: KeyHealth,
  ) {}

  /** The index of the next target to try, from `from` on; `targets.length` when none is left. */
  advance(from: number): number {
    for (let index = from; index < this.targets.length; index++) {
      const target = this.targets[index] as AttemptTarget;
      if (this.abandoned?.has(target.candidateIndex)) {
        this.skipped.push({ target, reason: "model_abandoned" });
        continue;
      }
      const availability = this.keyHealth.availability(target.providerKeyId);
      if (availability !== "available" && this.hasUsableAfter(index)) {
        this.skipped.push({ target, reason: availability });
        continue;
      }
      return index;
    }
    return this.targets.length;
  }

  /** Whether a later target would serve the same model (so this key is not the model's last). */
  hasMoreForCandidate(index: number): boolean {
    const candidateIndex = this.targets[index]?.candidateIndex;
    return this.targets.some(
      (target, later) =>
        later > index &&
        target.candidateIndex === candidateIndex &&
        this.keyHealth.availability(target.providerKeyId) === "available",
    );
  }

  abandonCandidate(candidateIndex: number): void {
    this.abandoned ??= new Set();
    this.abandoned.add(candidateIndex);
  }

  private hasUsableAfter(index: number): boolean {
    return this.targets.some(
      (target, later) =>
        later > index &&
        this.abandoned?.has(target.candidateIndex) !== true &&
        this.keyHealth.availability(target.providerKeyId) === "available",
    );
  }
}
