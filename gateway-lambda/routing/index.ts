export { type AccessVerdict, checkAccess } from "./access-scope";
export type { AttemptOutcome } from "./attempt-outcome";
export { type BreakerState, type CircuitBreakerSettings, DEFAULT_CIRCUIT_BREAKER } from "./circuit-breaker";
export { isContextLengthError } from "./context-length";
export {
  type AttemptRecord,
  DEFAULT_FAILOVER_TIMEOUTS,
  type FailoverFailure,
  type FailoverOptions,
  type FailoverResult,
  type FailoverTimeouts,
  runFailover,
  summarize,
  type Verdict,
} from "./failover";
export { createKeyHealth, type KeyAvailability, type KeyHealth, type KeyHealthOptions } from "./key-health";
export { parseRetryAfter } from "./retry-after";
export {
  DEFAULT_RETRY_POLICY,
  decideAfterAttempt,
  type FailureReason,
  type PolicyAction,
  type PolicyDecision,
  type RetryPolicySettings,
  type RetrySituation,
} from "./retry-policy";
export {
  type AttemptTarget,
  type KeySkipReason,
  orderKeysByProvider,
  type ProviderKeyInfo,
  type ProviderKeySnapshot,
  type RejectedModel,
  type RejectionReason,
  type SelectTargetsInput,
  type SkippedKey,
  selectTargets,
  type TargetSelection,
} from "./select-targets";
export type { SkipRecord } from "./target-cursor";
