import { describe, expect, it } from "vitest";
import { createKeyHealth } from "../../../../gateway-lambda/routing/key-health";
import { FakeClock } from "../support/fake-clock";

function failTimes(health: ReturnType<typeof createKeyHealth>, id: string, times: number) {
  for (let index = 0; index < times; index++) {
    health.onAttempt(id);
    health.onFailure(id);
  }
}

describe("the circuit breaker of a provider key", () => {
  it("opens after 5 consecutive failures", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });

    failTimes(health, "kwpk_a", 4);
    expect(health.availability("kwpk_a")).toBe("available");
    failTimes(health, "kwpk_a", 1);
    expect(health.availability("kwpk_a")).toBe("circuit_open");
  });

  it("counts only consecutive failures", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });

    failTimes(health, "kwpk_a", 4);
    health.onSuccess("kwpk_a");
    failTimes(health, "kwpk_a", 4);

    expect(health.availability("kwpk_a")).toBe("available");
  });

  it("lets a single probe through after the cool-down and closes when it succeeds", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });
    failTimes(health, "kwpk_a", 5);

    clock.advance(14_999);
    expect(health.availability("kwpk_a")).toBe("circuit_open");
    clock.advance(1);
    expect(health.availability("kwpk_a")).toBe("available");
    health.onAttempt("kwpk_a");
    expect(health.availability("kwpk_a")).toBe("circuit_open"); // the probe is in flight
    health.onSuccess("kwpk_a");

    expect(health.availability("kwpk_a")).toBe("available");
  });

  it("opens again when the probe fails", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });
    failTimes(health, "kwpk_a", 5);
    clock.advance(15_000);

    failTimes(health, "kwpk_a", 1);

    expect(health.availability("kwpk_a")).toBe("circuit_open");
    clock.advance(15_000);
    expect(health.availability("kwpk_a")).toBe("available");
  });

  it("frees the probe slot when a probe never reports back", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });
    failTimes(health, "kwpk_a", 5);
    clock.advance(15_000);
    health.onAttempt("kwpk_a");

    clock.advance(15_000);

    expect(health.availability("kwpk_a")).toBe("available");
  });

  it("keeps keys apart and honours custom settings", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({
      now: () => clock.now(),
      breaker: { failureThreshold: 1, openMs: 1000 },
    });

    failTimes(health, "kwpk_a", 1);

    expect(health.availability("kwpk_a")).toBe("circuit_open");
    expect(health.availability("kwpk_b")).toBe("available");
  });
});

describe("the cooldown of a provider key", () => {
  it("cools a key until the given instant", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });

    health.coolDown("kwpk_a", clock.now() + 2000);

    expect(health.availability("kwpk_a")).toBe("cooling");
    clock.advance(2000);
    expect(health.availability("kwpk_a")).toBe("available");
  });

  it("never shortens a cooldown", () => {
    const clock = new FakeClock();
    const health = createKeyHealth({ now: () => clock.now() });

    health.coolDown("kwpk_a", clock.now() + 5000);
    health.coolDown("kwpk_a", clock.now() + 1000);
    clock.advance(1000);

    expect(health.availability("kwpk_a")).toBe("cooling");
  });
});
