import type { Clock } from "../../../../gateway-lambda/clock";

/**
 * A clock that moves only when told: `advance(ms)` moves time and fires due timers; `sleep` records
 * its duration and advances by it at once, so waits cost no real time and tests can assert them.
 */
export class FakeClock implements Clock {
  /** Every `sleep` duration, in order. */
  readonly sleeps: number[] = [];
  private time: number;
  private timers: Array<{ due: number; callback: () => void }> = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    this.sleeps.push(ms);
    this.advance(ms);
  }

  setTimer(ms: number, callback: () => void): () => void {
    const timer = { due: this.time + ms, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
    };
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers
      .filter((timer) => timer.due <= this.time)
      .sort((left, right) => left.due - right.due);
    this.timers = this.timers.filter((timer) => !due.includes(timer));
    for (const timer of due) timer.callback();
  }

  /** Pending timers (a leak check: the failover loop cancels its per-attempt timers). */
  pendingTimers(): number {
    return this.timers.length;
  }
}
