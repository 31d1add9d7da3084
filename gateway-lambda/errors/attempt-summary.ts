/**
 * One upstream attempt as error bodies and logs show it: where it went and why it failed.
 * Ids and statuses only, never a key value or a prompt.
 */
export interface AttemptSummary {
  provider: string;
  model: string;
  providerKeyId: string;
  /** The upstream HTTP status, or null when none arrived (connection error, timeout). */
  status: number | null;
  /** Why it failed, e.g. `rate_limited`, `timeout`, `connection_reset`. */
  reason: string;
}

export function describeAttempts(attempts: readonly AttemptSummary[]): string {
  return attempts
    .map(
      (attempt) =>
        `${attempt.provider}:${attempt.model} with key ${attempt.providerKeyId}: ${attempt.status ?? "no response"} ${attempt.reason}`,
    )
    .join("; ");
}
