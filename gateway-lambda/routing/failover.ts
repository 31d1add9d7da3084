import type { Clock } from "../clock";
import type { AttemptSummary } from "../errors/attempt-summary";
import { AttemptsExhaustedError } from "../errors/attempts-exhausted-error";
import { ClientClosedError } from "../errors/client-closed-error";
import { TotalTimeoutError } from "../errors/total-timeout-error";
import { UpstreamError } from "../errors/upstream-error";
import type { AttemptOutcome } from "./attempt-outcome";
import { type AttemptFunction, attemptWithTimeout, CLIENT_CLOSED } from "./attempt-with-timeout";
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
  /**
   * One attempt, until the attempt function returns: the gateway's returns once it can commit to the
   * answer, so this covers the whole body of a buffered answer and, for a stream, the response headers
   * and the first content event (never the rest of a committed stream: the stream idle timeout does).
   */
  perAttemptMs: number;
  /** All attempts and waits together. */
  totalMs: number;
}

/** ngrok.ai's defaults: 60 s per attempt, 120 s in total. */
export const DEFAULT_FAILOVER_TIMEOUTS: FailoverTimeouts = { perAttemptMs: 60_000, totalMs: 120_000 };

export interface FailoverOptions<T> {
  /** From {@link selectTargets}, in failover order. */
  targets: readonly AttemptTarget[];
  /**
   * Makes one upstream attempt. Must return an outcome rather than throw; a throw that is not an abort
   * is a bug and propagates. `signal` aborts on the attempt's timer or the client; `abort` aborts it
   * from inside (the attempt's own timers, a committed stream that ends early), so the attempt needs no
   * signal of its own.
   */
  attempt: AttemptFunction<T>;
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
  const run: Run<T> = {
    options,
    timeouts,
    deadline: clock.now() + timeouts.totalMs,
    cursor: new TargetCursor(targets, keyHealth),
    attempts: [],
    retried: undefined,
  };
  const finish = (result: Settled<T>): FailoverResult<T> => {
    const { attempts } = run;
    const { skipped } = run.cursor;
    return result.ok
      ? { ok: true, value: result.value, target: result.target, attempts, skipped }
      : { ok: false, error: result.error, attempts, skipped };
  };

  let index = run.cursor.advance(0);
  while (index < targets.length) {
    if (clientSignal?.aborted) {
      return finish({ ok: false, error: new ClientClosedError(clientSignal.reason) });
    }
    if (clock.now() >= run.deadline) return finish({ ok: false, error: totalTimeout(run) });
    const step = await attemptAndDecide(run, index);
    if (step.type === "settled") return finish(step.result);
    if (step.type === "retry") {
      await clock.sleep(step.delayMs, clientSignal);
      continue;
    }
    index = step.next;
  }
  return finish({ ok: false, error: new AttemptsExhaustedError(run.attempts.map(summarize)) });
}

type Settled<T> = { ok: true; value: T; target: AttemptTarget } | { ok: false; error: FailoverFailure };

/** The state of one request's failover. */
interface Run<T> {
  options: FailoverOptions<T>;
  timeouts: FailoverTimeouts;
  deadline: number;
  cursor: TargetCursor;
  attempts: AttemptRecord[];
  /** Indexes of targets already retried once (made on the first retry). */
  retried: Set<number> | undefined;
}

type Step<T> =
  | { type: "settled"; result: Settled<T> }
  | { type: "retry"; delayMs: number }
  | { type: "next"; next: number };

/** Runs the target at `index`, records it, updates key health and says what comes next. */
async function attemptAndDecide<T>(run: Run<T>, index: number): Promise<Step<T>> {
  const { clock, keyHealth, targets } = run.options;
  const target = targets[index] as AttemptTarget;
  const startedAt = clock.now();
  keyHealth.onAttempt(target.providerKeyId);
  const outcome = await attemptWithTimeout(
    run.options,
    target,
    Math.min(run.timeouts.perAttemptMs, run.deadline - startedAt),
  );
  const now = clock.now();
  const record: AttemptRecord = {
    attemptNumber: run.attempts.length + 1,
    target,
    status: outcome !== CLIENT_CLOSED && "status" in outcome ? outcome.status : null,
    outcome: "client_closed",
    verdict: "aborted",
    startedAt,
    durationMs: now - startedAt,
  };
  run.attempts.push(record);
  if (outcome === CLIENT_CLOSED) {
    return {
      type: "settled",
      result: { ok: false, error: new ClientClosedError(run.options.signal?.reason) },
    };
  }

  const situation = {
    now,
    lastKeyForModel: !run.cursor.hasMoreForCandidate(index),
    alreadyRetried: run.retried?.has(index) === true,
    remainingMs: run.deadline - now,
  };
  const decision = decideAfterAttempt(outcome, situation, run.options.policy, run.options.random);
  record.outcome = decision.reason;
  updateKeyHealth(keyHealth, target.providerKeyId, decision);
  return nextStep(run, index, record, outcome, decision);
}

function nextStep<T>(
  run: Run<T>,
  index: number,
  record: AttemptRecord,
  outcome: AttemptOutcome<T>,
  decision: PolicyDecision,
): Step<T> {
  const { target } = record;
  if (outcome.type === "success") {
    record.verdict = "succeeded";
    return { type: "settled", result: { ok: true, value: outcome.value, target } };
  }
  if (decision.action === "fail_fast" && outcome.type === "http_error") {
    record.verdict = "fail_fast";
    return { type: "settled", result: { ok: false, error: upstreamError(target, outcome) } };
  }
  if (decision.action === "retry_same" && decision.delayMs !== undefined) {
    record.verdict = "retry_same";
    record.retryDelayMs = decision.delayMs;
    run.retried ??= new Set();
    run.retried.add(index);
    return { type: "retry", delayMs: decision.delayMs };
  }
  if (run.options.clock.now() >= run.deadline) {
    record.verdict = "total_timeout";
    return { type: "settled", result: { ok: false, error: totalTimeout(run) } };
  }
  if (decision.action === "next_model") run.cursor.abandonCandidate(target.candidateIndex);
  const next = run.cursor.advance(index + 1);
  record.verdict = verdictFor(target, run.options.targets[next]);
  return { type: "next", next };
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

function totalTimeout(run: Run<unknown>): TotalTimeoutError {
  return new TotalTimeoutError(run.timeouts.totalMs, run.attempts.map(summarize));
}

/** An attempt as error bodies show it. */
export function summarize(record: AttemptRecord): AttemptSummary {
  const { provider, model, providerKeyId } = record.target;
  return { provider, model, providerKeyId, status: record.status, reason: record.outcome };
}
