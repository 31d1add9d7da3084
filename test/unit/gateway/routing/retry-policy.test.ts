import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AttemptOutcome } from "../../../../gateway-lambda/routing/attempt-outcome";
import { decideAfterAttempt, type RetrySituation } from "../../../../gateway-lambda/routing/retry-policy";

const NOW = 1_000_000;
const onlyKey: RetrySituation = {
  now: NOW,
  lastKeyForModel: true,
  alreadyRetried: false,
  remainingMs: 60_000,
};
const moreKeys: RetrySituation = { ...onlyKey, lastKeyForModel: false };
const half = () => 0.5;

function fixture(path: string): string {
  return readFileSync(join(__dirname, "../../../fixtures/upstream", path), "utf8");
}

function httpError(status: number, headers: Record<string, string> = {}, body = "{}"): AttemptOutcome<never> {
  return { type: "http_error", status, headers: new Headers(headers), body };
}

describe("decideAfterAttempt", () => {
  it("serves a success and marks the key healthy", () => {
    expect(decideAfterAttempt({ type: "success", status: 200, value: "ok" }, onlyKey)).toEqual({
      action: "succeeded",
      reason: "succeeded",
      status: 200,
      keyHealthy: true,
    });
  });

  it.each([
    [408, "request_timeout"],
    [429, "rate_limited"],
    [500, "server_error"],
    [502, "server_error"],
    [503, "server_error"],
    [529, "overloaded"],
    [401, "key_rejected"],
    [402, "key_rejected"],
    [403, "key_rejected"],
  ])("moves on after %i (%s) while other keys remain", (status, reason) => {
    expect(decideAfterAttempt(httpError(status), moreKeys, undefined, half)).toMatchObject({
      action: "move_on",
      reason,
      status,
      keyHealthy: false,
    });
  });

  it.each([
    [{ type: "connection_error", reset: false, message: "ECONNREFUSED" }, "connection_error"],
    [{ type: "connection_error", reset: true, message: "ECONNRESET" }, "connection_reset"],
    [{ type: "timeout" }, "timeout"],
  ] as const)("moves on after %o", (outcome, reason) => {
    expect(decideAfterAttempt(outcome, moreKeys)).toMatchObject({ action: "move_on", reason, status: null });
  });

  it.each([500, 502, 503, 529])(
    "retries the model's last key once after a jittered backoff on %i",
    (status) => {
      expect(decideAfterAttempt(httpError(status), onlyKey, undefined, () => 0)).toMatchObject({
        action: "retry_same",
        delayMs: 125,
      });
      expect(decideAfterAttempt(httpError(status), onlyKey, undefined, () => 0.999)).toMatchObject({
        action: "retry_same",
        delayMs: 375,
      });
    },
  );

  it("retries a reset connection on the model's last key", () => {
    const outcome = { type: "connection_error", reset: true, message: "ECONNRESET" } as const;

    expect(decideAfterAttempt(outcome, onlyKey, undefined, half)).toMatchObject({
      action: "retry_same",
      delayMs: 250,
    });
  });

  it("never retries a refused connection, a timeout or a 408 on the same route", () => {
    expect(decideAfterAttempt({ type: "connection_error", reset: false, message: "x" }, onlyKey).action).toBe(
      "move_on",
    );
    expect(decideAfterAttempt({ type: "timeout" }, onlyKey).action).toBe("move_on");
    expect(decideAfterAttempt(httpError(408), onlyKey).action).toBe("move_on");
  });

  it("retries only once", () => {
    expect(decideAfterAttempt(httpError(503), { ...onlyKey, alreadyRetried: true }).action).toBe("move_on");
  });

  it("waits a short Retry-After instead of the backoff", () => {
    expect(
      decideAfterAttempt(httpError(503, { "retry-after": "1" }), onlyKey, undefined, half),
    ).toMatchObject({
      action: "retry_same",
      delayMs: 1000,
    });
  });

  it("does not retry when the provider asks for a long wait", () => {
    expect(decideAfterAttempt(httpError(503, { "retry-after": "30" }), onlyKey).action).toBe("move_on");
  });

  it("retries a 429 only when its Retry-After is short", () => {
    expect(decideAfterAttempt(httpError(429, { "retry-after": "2" }), onlyKey)).toMatchObject({
      action: "retry_same",
      delayMs: 2000,
    });
    expect(decideAfterAttempt(httpError(429, { "retry-after": "3" }), onlyKey).action).toBe("move_on");
    expect(decideAfterAttempt(httpError(429), onlyKey, undefined, half).action).toBe("move_on");
  });

  it("cools a key down until the 429's Retry-After, capped", () => {
    expect(decideAfterAttempt(httpError(429, { "retry-after": "20" }), moreKeys).cooldownUntil).toBe(
      NOW + 20_000,
    );
    expect(decideAfterAttempt(httpError(429, { "retry-after": "86400" }), moreKeys).cooldownUntil).toBe(
      NOW + 600_000,
    );
    expect(decideAfterAttempt(httpError(429), moreKeys).cooldownUntil).toBeUndefined();
    expect(
      decideAfterAttempt(httpError(503, { "retry-after": "20" }), moreKeys).cooldownUntil,
    ).toBeUndefined();
  });

  it("does not retry when the wait would not fit the remaining budget", () => {
    expect(
      decideAfterAttempt(httpError(503, { "retry-after": "1" }), { ...onlyKey, remainingMs: 900 }).action,
    ).toBe("move_on");
  });

  it.each([400, 413, 422, 409])("stops on %i: the provider rejected the request itself", (status) => {
    expect(
      decideAfterAttempt(httpError(status, {}, fixture("openai/error-400.json")), moreKeys),
    ).toMatchObject({
      action: "fail_fast",
      reason: "request_rejected",
      keyHealthy: true,
    });
  });

  it.each([
    "openai/error-400-context-length.json",
    "anthropic/error-400-context-length.json",
    "google/error-400-context-length.json",
  ])("moves to the next model on a context-length error (%s)", (path) => {
    expect(decideAfterAttempt(httpError(400, {}, fixture(path)), moreKeys)).toMatchObject({
      action: "next_model",
      reason: "context_length_exceeded",
    });
  });

  it("moves to the next model on a 404", () => {
    expect(decideAfterAttempt(httpError(404, {}, fixture("openai/error-404.json")), moreKeys)).toMatchObject({
      action: "next_model",
      reason: "model_not_found",
    });
  });

  it("moves on after a status that is no answer (3xx)", () => {
    expect(decideAfterAttempt(httpError(302), onlyKey)).toMatchObject({
      action: "move_on",
      reason: "unexpected_status",
    });
  });
});
