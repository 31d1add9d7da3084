/**
 * Stale-while-revalidate around a loader, for the Secrets Manager store:
 *
 * - The first call loads and waits; concurrent first calls share that load. A failed first load
 *   rejects every waiting caller, and the next call tries again.
 * - While the snapshot is younger than `refreshIntervalMs`, calls return it and load nothing.
 * - Once it is older, a call still returns it at once and starts one background refresh
 *   (single-flight: later calls do not start another while it runs).
 * - A failed refresh keeps the last good snapshot and is reported through `onLoadError`; the next
 *   attempt waits another interval, so an outage never turns into a call per request.
 * - Past `maxStaleMs` a snapshot is too old to answer from without trying: the call waits for the
 *   refresh (and still gets the old snapshot if that refresh fails). This bounds how long a revoked
 *   access key keeps working in an environment that sat idle (a frozen Lambda).
 */
import type { Clock } from "../clock";

export interface RefreshingSnapshotOptions<T> {
  load: () => Promise<T>;
  clock: Clock;
  refreshIntervalMs: number;
  maxStaleMs: number;
  /** Called once per failed load; `keepingLast` is false for the first load (the callers get the error). */
  onLoadError: (error: unknown, keepingLast: boolean) => void;
}

export interface RefreshingSnapshot<T> {
  get(): Promise<T>;
  /** Starts no more loads (the last value is still served) and waits for the one in flight, if any. */
  stop(): Promise<void>;
}

export function createRefreshingSnapshot<T>(options: RefreshingSnapshotOptions<T>): RefreshingSnapshot<T> {
  const { load, clock, refreshIntervalMs, maxStaleMs, onLoadError } = options;
  let current: { value: T; loadedAt: number } | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  // The first load rejects on failure; a refresh never does (it falls back to the last snapshot).
  let pending: Promise<T> | undefined;
  let stopped = false;

  const begin = (): Promise<T> => {
    const startedAt = clock.now();
    lastAttemptAt = startedAt;
    const previous = current;
    let loading = load().then((value) => {
      // The data is at least as new as the moment the load started.
      current = { value, loadedAt: startedAt };
      return value;
    });
    loading = loading.catch((error: unknown) => {
      onLoadError(error, previous !== undefined);
      if (previous === undefined) throw error;
      return previous.value;
    });
    pending = loading.finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    get() {
      if (stopped) {
        return current
          ? Promise.resolve(current.value)
          : Promise.reject(new Error("keyway: the store is closed"));
      }
      if (current === undefined) return pending ?? begin();
      const now = clock.now();
      const age = now - current.loadedAt;
      if (age < refreshIntervalMs) return Promise.resolve(current.value);
      const refresh = pending ?? (now - lastAttemptAt >= refreshIntervalMs ? begin() : undefined);
      if (refresh !== undefined && age >= maxStaleMs) return refresh;
      return Promise.resolve(current.value);
    },
    async stop() {
      stopped = true;
      await pending?.catch(() => undefined);
    },
  };
}
