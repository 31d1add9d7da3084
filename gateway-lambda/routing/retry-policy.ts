import type { AttemptOutcome } from "./attempt-outcome";
import { isContextLengthError } from "./context-length";
import { parseRetryAfter } from "./retry-after";

/** Why an attempt failed, as logs and the attempts summary name it. */
export type FailureReason =
  | "connection_error"
  | "connection_reset"
  | "timeout"
  | "request_timeout"
  | "rate_limited"
  | "server_error"
  | "overloaded"
  | "key_rejected"
  | "model_not_found"
  | "context_length_exceeded"
  | "request_rejected"
  | "unexpected_status";

/**
 * What to do after an attempt:
 * - `succeeded`: serve it;
 * - `move_on`: the next target in the list (next key, then step, then model);
 * - `next_model`: skip the remaining keys of this model;
 * - `retry_same`: wait `delayMs`, then the same key and model once more;
 * - `fail_fast`: stop and return the provider's error unchanged.
 */
export type PolicyAction = "succeeded" | "move_on" | "next_model" | "retry_same" | "fail_fast";

export interface PolicyDecision {
  action: PolicyAction;
  reason: FailureReason | "succeeded";
  /** The upstream status, or null when no response arrived. */
  status: number | null;
  /** For `retry_same`: the wait before the retry. */
  delayMs?: number;
  /** The key cools down until this instant (a 429 with `Retry-After`). */
  cooldownUntil?: number;
  /** Whether the key itself worked (false: counts against its circuit breaker). */
  keyHealthy: boolean;
}

export interface RetrySituation {
  now: number;
  /** No other key will be tried for this model: a transient failure may retry this one. */
  lastKeyForModel: boolean;
  /** This key and model were already retried once. */
  alreadyRetried: boolean;
  /** What is left of the total budget. */
  remainingMs: number;
}

export interface RetryPolicySettings {
  /** A `Retry-After` up to this is short: a same-route retry waits it. Longer: no same-route retry. */
  maxRetryAfterMs: number;
  /** Centre of the jittered backoff before a same-route retry without `Retry-After` (waits 0.5x to 1.5x). */
  backoffMs: number;
  /** Cooldowns from `Retry-After` never last longer than this. */
  maxCooldownMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicySettings = {
  maxRetryAfterMs: 2_000,
  backoffMs: 250,
  maxCooldownMs: 10 * 60_000,
};

interface Classification {
  action: Exclude<PolicyAction, "retry_same">;
  reason: FailureReason | "succeeded";
  /** Eligible for one same-route retry on the model's last key. */
  transient: boolean;
  keyHealthy: boolean;
}

/**
 * Decides what follows an attempt (issue #3, section 6). Pure: the clock reading and the random
 * source come in as arguments.
 *
 * @example
 * decideAfterAttempt({ type: "http_error", status: 429, headers, body }, situation);
 * // { action: "move_on", reason: "rate_limited", status: 429, cooldownUntil: ..., keyHealthy: false }
 */
export function decideAfterAttempt(
  outcome: AttemptOutcome<unknown>,
  situation: RetrySituation,
  settings: RetryPolicySettings = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): PolicyDecision {
  const status = outcome.type === "success" || outcome.type === "http_error" ? outcome.status : null;
  const retryAfterMs =
    outcome.type === "http_error" ? parseRetryAfter(outcome.headers, situation.now) : undefined;
  const { action, reason, transient, keyHealthy } = classify(outcome, retryAfterMs, settings);
  const decision: PolicyDecision = { action, reason, status, keyHealthy };
  if (status === 429 && retryAfterMs !== undefined) {
    decision.cooldownUntil = situation.now + Math.min(retryAfterMs, settings.maxCooldownMs);
  }
  if (transient && situation.lastKeyForModel && !situation.alreadyRetried) {
    const delayMs = retryAfterMs ?? Math.round(settings.backoffMs * (0.5 + random()));
    if (delayMs < situation.remainingMs) return { ...decision, action: "retry_same", delayMs };
  }
  return decision;
}

function classify(
  outcome: AttemptOutcome<unknown>,
  retryAfterMs: number | undefined,
  settings: RetryPolicySettings,
): Classification {
  switch (outcome.type) {
    case "success":
      return { action: "succeeded", reason: "succeeded", transient: false, keyHealthy: true };
    case "connection_error":
      return outcome.reset
        ? { action: "move_on", reason: "connection_reset", transient: true, keyHealthy: false }
        : { action: "move_on", reason: "connection_error", transient: false, keyHealthy: false };
    case "timeout":
    case "aborted":
      // A silent upstream is never retried on the same route.
      return { action: "move_on", reason: "timeout", transient: false, keyHealthy: false };
    case "http_error":
      return classifyStatus(outcome.status, outcome.body, retryAfterMs, settings);
  }
}

function classifyStatus(
  status: number,
  body: string,
  retryAfterMs: number | undefined,
  settings: RetryPolicySettings,
): Classification {
  // A long Retry-After means the provider will not recover soon: move on rather than wait.
  const shortWait = retryAfterMs === undefined || retryAfterMs <= settings.maxRetryAfterMs;
  if (status === 429) {
    const transient = retryAfterMs !== undefined && retryAfterMs <= settings.maxRetryAfterMs;
    return { action: "move_on", reason: "rate_limited", transient, keyHealthy: false };
  }
  if (status === 529) {
    return { action: "move_on", reason: "overloaded", transient: shortWait, keyHealthy: false };
  }
  if (status >= 500 && status <= 599) {
    return { action: "move_on", reason: "server_error", transient: shortWait, keyHealthy: false };
  }
  if (status === 408) {
    return { action: "move_on", reason: "request_timeout", transient: false, keyHealthy: false };
  }
  if (status === 401 || status === 402 || status === 403) {
    return { action: "move_on", reason: "key_rejected", transient: false, keyHealthy: false };
  }
  if (status === 404) {
    return { action: "next_model", reason: "model_not_found", transient: false, keyHealthy: true };
  }
  if ((status === 400 || status === 413 || status === 422) && isContextLengthError(body)) {
    return { action: "next_model", reason: "context_length_exceeded", transient: false, keyHealthy: true };
  }
  if (status >= 400 && status <= 499) {
    return { action: "fail_fast", reason: "request_rejected", transient: false, keyHealthy: true };
  }
  // 1xx/3xx: not an answer the caller can use; another key or model may give one.
  return { action: "move_on", reason: "unexpected_status", transient: false, keyHealthy: false };
}
