import { describe, expect, it } from "vitest";
import { createRefreshingSnapshot } from "../../../../gateway-lambda/store/refreshing-snapshot";
import { FakeClock } from "../support/fake-clock";

/** A loader whose calls the test settles one by one: `loads[n].resolve(value)` or `.reject(error)`. */
function scriptedLoader() {
  const loads: { resolve(value: string): void; reject(error: Error): void }[] = [];
  const load = () =>
    new Promise<string>((resolve, reject) => {
      loads.push({ resolve, reject });
    });
  return { load, loads };
}

function setup() {
  const clock = new FakeClock();
  const { load, loads } = scriptedLoader();
  const errors: { error: unknown; keepingLast: boolean }[] = [];
  const snapshots = createRefreshingSnapshot({
    load,
    clock,
    refreshIntervalMs: 30_000,
    maxStaleMs: 120_000,
    onLoadError: (error, keepingLast) => errors.push({ error, keepingLast }),
  });
  return { clock, loads, errors, snapshots };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("refreshing snapshot", () => {
  it("shares the first load between callers, and rejects them all when it fails", async () => {
    const { loads, errors, snapshots } = setup();

    const callers = [snapshots.get(), snapshots.get(), snapshots.get()];
    loads[0]?.reject(new Error("down"));

    for (const caller of callers) await expect(caller).rejects.toThrow("down");
    expect(loads).toHaveLength(1);
    expect(errors).toEqual([{ error: new Error("down"), keepingLast: false }]);
  });

  it("tries the first load again on the next call after a failure", async () => {
    const { loads, snapshots } = setup();
    const failed = snapshots.get();
    loads[0]?.reject(new Error("down"));
    await failed.catch(() => undefined);

    const retried = snapshots.get();
    loads[1]?.resolve("v1");

    expect(await retried).toBe("v1");
  });

  it("answers from memory while fresh, then serves the old value while one refresh runs", async () => {
    const { clock, loads, snapshots } = setup();
    const first = snapshots.get();
    loads[0]?.resolve("v1");
    await first;

    clock.advance(29_999);
    expect(await snapshots.get()).toBe("v1");
    clock.advance(1);
    expect(await Promise.all([snapshots.get(), snapshots.get()])).toEqual(["v1", "v1"]);
    expect(loads).toHaveLength(2);

    loads[1]?.resolve("v2");
    await tick();
    expect(await snapshots.get()).toBe("v2");
    expect(loads).toHaveLength(2);
  });

  it("keeps the old value when a refresh fails, and waits an interval before the next attempt", async () => {
    const { clock, loads, errors, snapshots } = setup();
    const first = snapshots.get();
    loads[0]?.resolve("v1");
    await first;
    clock.advance(30_000);
    await snapshots.get();
    loads[1]?.reject(new Error("throttled"));
    await tick();

    clock.advance(29_999);
    expect(await snapshots.get()).toBe("v1");
    expect(loads).toHaveLength(2);
    clock.advance(1);
    await snapshots.get();
    expect(loads).toHaveLength(3);
    expect(errors).toEqual([{ error: new Error("throttled"), keepingLast: true }]);
  });

  it("makes a caller wait for the refresh past maxStaleMs, and falls back to the old value if it fails", async () => {
    const { clock, loads, snapshots } = setup();
    const first = snapshots.get();
    loads[0]?.resolve("v1");
    await first;
    clock.advance(120_000);

    const waiting = snapshots.get();
    await tick();
    expect(loads).toHaveLength(2);
    loads[1]?.reject(new Error("down"));

    expect(await waiting).toBe("v1");
  });

  it("dates a snapshot from the start of its load", async () => {
    const { clock, loads, snapshots } = setup();
    const first = snapshots.get();
    clock.advance(10_000); // a slow load
    loads[0]?.resolve("v1");
    await first;

    clock.advance(20_000);
    await snapshots.get();

    expect(loads).toHaveLength(2);
  });
});
