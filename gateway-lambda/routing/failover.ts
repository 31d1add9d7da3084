import type { Clock } from "../clock";
import type { AttemptSummary } from "../errors/attempt-summary";
import { AttemptsExhaustedError } from "../errors/attempts-exhausted-error";
import { ClientClosedError } from "../errors/client-closed-error";
import { TotalTimeoutError } from "../errors/total-timeout-error";
import { UpstreamError } from "../errors/upstream-error";
import type { AttemptOutcome } from "./attempt-outcome";
import type { KeyHealth } from "./key-health";
import {
  decideAfterAttempt,
  type FailureReason,
  type PolicyDecision,
  type RetryPolicySettings,
} from "./retry-policy";
import type { AttemptTarget } from "./select-targets";
import { type SkipRecord, TargetCursor } from "./target-cursor";

/** What happened after an attempt, as ngrok.ai names its per-attempt verdicts. */
export type Verdict =
  | "succeeded"
  | "next_key"
  | "next_step"
  | "next_model"
  | "retry_same"
  | "fail_fast"
  | "exhausted"
  | "total_timeout"
  | "aborted";

/** One upstream attempt, kept for the logs, the response headers and the error bodies. */
export interface AttemptRecord {
  /** 1-based, in the order the attempts ran. */
  attemptNumber: number;
  target: AttemptTarget;
  status: number | null;
  outcome: FailureReason | "succeeded" | "client_closed";
  verdict: Verdict;
  startedAt: number;
  durationMs: number;
  /** For `retry_same`: the wait before the retry. */
  retryDelayMs?: number;
}

export interface FailoverTimeouts {
  /** One attempt, until the adapter returns (for streams: the first content event). */
  perAttemptMs: number;
  /** All attempts and waits together. */
  totalMs: number;
}

/** ngrok.ai's defaults: 60 s per attempt, 120 s in total. */
export const DEFAULT_FAILOVER_TIMEOUTS: FailoverTimeouts = { perAttemptMs: 60_000, totalMs: 120_000 };

export interface FailoverOptions<T> {
  /** From {@link selectTargets}, in failover order. */
  targets: readonly AttemptTarget[];
  /** Makes one upstream attempt. Must return an outcome rather than throw; a throw that is not an abort is a bug and propagates. */
  attempt: (target: AttemptTarget, signal: AbortSignal) => Promise<AttemptOutcome<T>>;
  clock: Clock;
  keyHealth: KeyHealth;
  timeouts?: FailoverTimeouts;
  policy?: RetryPolicySettings;
  /** The client's signal: when it aborts, the running attempt is aborted and the loop stops. */
  signal?: AbortSignal;
  random?: () => number;
}

export type FailoverFailure = UpstreamError | AttemptsExhaustedError | TotalTimeoutError | ClientClosedError;

export type FailoverResult<T> = (
  | { ok: true; value: T; target: AttemptTarget }
  | { ok: false; error: FailoverFailure }
) & { attempts: AttemptRecord[]; skipped: SkipRecord[] };

/**
 * Walks the attempt list: next key, then next step, then next model, as {@link decideAfterAttempt}
 * says; skips cooling keys and open circuits while another target exists; keeps a record of every
 * attempt and skip. Never loops: each target runs at most twice (once more for a same-route retry).
 *
 * @example
 * const result = await runFailover({ targets: selection.attempts, attempt, clock: systemClock, keyHealth });
 * if (!result.ok) return toOpenAIErrorResponse(result.error, requestId);
 */
export async function runFailover<T>(options: FailoverOptions<T>): Promise<FailoverResult<T>> {
  const { targets, clock, keyHealth, signal: clientSignal } = options;
  const timeouts = options.timeouts ?? DEFAULT_FAILOVER_TIMEOUTS;
  const deadline = clock.now() + timeouts.totalMs;
  const cursor = new TargetCursor(targets, keyHealth);
  const attempts: AttemptRecord[] = [];
  const retried = new Set<number>();
  const finish = <R extends { ok: boolean }>(result: R) => ({ ...result, attempts, skipped: cursor.skipped });

  let index = cursor.advance(0);
  while (index < targets.length) {
    const target = targets[index] as AttemptTarget;
    if (clientSignal?.aborted)
      return finish({ ok: false, error: new ClientClosedError(clientSignal.reason) });
    const startedAt = clock.now();
    if (startedAt >= deadline) return finish({ ok: false, error: totalTimeout(timeouts, attempts) });

    keyHealth.onAttempt(target.providerKeyId);
    const outcome = await attemptWithTimeout(
      options,
      target,
      Math.min(timeouts.perAttemptMs, deadline - startedAt),
    );
    const now = clock.now();
    const record: AttemptRecord = {
      attemptNumber: attempts.length + 1,
      target,
      status: outcome !== CLIENT_CLOSED && "status" in outcome ? outcome.status : null,
      outcome: "client_closed",
      verdict: "aborted",
      startedAt,
      durationMs: now - startedAt,
    };
    attempts.push(record);
    if (outcome === CLIENT_CLOSED)
      return finish({ ok: false, error: new ClientClosedError(clientSignal?.reason) });

    const decision = decideAfterAttempt(
      outcome,
      {
        now,
        lastKeyForModel: !cursor.hasMoreForCandidate(index),
        alreadyRetried: retried.has(index),
        remainingMs: deadline - now,
      },
      options.policy,
      options.random,
    );
    record.outcome = decision.reason;
    updateKeyHealth(keyHealth, target.providerKeyId, decision);

    if (outcome.type === "success") {
      record.verdict = "succeeded";
      return finish({ ok: true, value: outcome.value, target });
    }
    if (decision.action === "fail_fast" && outcome.type === "http_error") {
      record.verdict = "fail_fast";
      return finish({ ok: false, error: upstreamError(target, outcome) });
    }
    if (decision.action === "retry_same" && decision.delayMs !== undefined) {
      record.verdict = "retry_same";
      record.retryDelayMs = decision.delayMs;
      retried.add(index);
      await clock.sleep(decision.delayMs, clientSignal);
      continue;
    }
    if (clock.now() >= deadline) {
      record.verdict = "total_timeout";
      return finish({ ok: false, error: totalTimeout(timeouts, attempts) });
    }
    if (decision.action === "next_model") cursor.abandonCandidate(target.candidateIndex);
    const next = cursor.advance(index + 1);
    record.verdict = verdictFor(target, targets[next]);
    index = next;
  }
  return finish({ ok: false, error: new AttemptsExhaustedError(attempts.map(summarize)) });
}

const CLIENT_CLOSED = Symbol("client closed");

/** Runs one attempt under its own timer; an abort by the timer is a timeout, one by the client is final. */
async function attemptWithTimeout<T>(
  options: FailoverOptions<T>,
  target: AttemptTarget,
  timeoutMs: number,
): Promise<AttemptOutcome<T> | typeof CLIENT_CLOSED> {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = options.clock.setTimer(timeoutMs, () => {
    timedOut = true;
    controller.abort(new DOMException(`Attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  const clientSignal = options.signal;
  // Stays attached on success: a client that leaves mid-stream still aborts the upstream.
  const onClientAbort = () => controller.abort(clientSignal?.reason);
  clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  if (clientSignal?.aborted) onClientAbort();
  try {
    const outcome = await options.attempt(target, controller.signal);
    if (clientSignal?.aborted) return CLIENT_CLOSED;
    if (outcome.type !== "success") clientSignal?.removeEventListener("abort", onClientAbort);
    return outcome.type === "aborted" && timedOut ? { type: "timeout" } : outcome;
  } catch (error) {
    clientSignal?.removeEventListener("abort", onClientAbort);
    if (clientSignal?.aborted) return CLIENT_CLOSED;
    if (timedOut) return { type: "timeout" };
    throw error;
  } finally {
    cancelTimer();
  }
}

function updateKeyHealth(keyHealth: KeyHealth, providerKeyId: string, decision: PolicyDecision): void {
  if (decision.keyHealthy) keyHealth.onSuccess(providerKeyId);
  else keyHealth.onFailure(providerKeyId);
  if (decision.cooldownUntil !== undefined) keyHealth.coolDown(providerKeyId, decision.cooldownUntil);
}

function verdictFor(current: AttemptTarget, next: AttemptTarget | undefined): Verdict {
  if (!next) return "exhausted";
  if (next.candidateIndex !== current.candidateIndex) return "next_model";
  return next.stepIndex === current.stepIndex && next.ruleIndex === current.ruleIndex
    ? "next_key"
    : "next_step";
}

function upstreamError(
  target: AttemptTarget,
  outcome: Extract<AttemptOutcome<unknown>, { type: "http_error" }>,
) {
  return new UpstreamError({
    provider: target.provider,
    model: target.model,
    providerKeyId: target.providerKeyId,
    status: outcome.status,
    isRetryable: false,
    body: outcome.body,
    contentType: outcome.headers.get("content-type"),
  });
}

function totalTimeout(timeouts: FailoverTimeouts, attempts: readonly AttemptRecord[]): TotalTimeoutError {
  return new TotalTimeoutError(timeouts.totalMs, attempts.map(summarize));
}

/** An attempt as error bodies show it. */
export function summarize(record: AttemptRecord): AttemptSummary {
  const { provider, model, providerKeyId } = record.target;
  return { provider, model, providerKeyId, status: record.status, reason: record.outcome };
}
