import { type AttemptSummary, describeAttempts } from "./attempt-summary";
import { GatewayError } from "./gateway-error";

/**
 * 503: every key, step and model was tried and failed. The body lists each attempt (`attempts`),
 * as ngrok.ai's 3807 does.
 */
export class AttemptsExhaustedError extends GatewayError {
  readonly attempts: readonly AttemptSummary[];

  constructor(attempts: readonly AttemptSummary[]) {
    const count =
      attempts.length === 1 ? "The only upstream attempt" : `All ${attempts.length} upstream attempts`;
    super({ code: "all_attempts_failed", message: `${count} failed: ${describeAttempts(attempts)}.` });
    this.attempts = attempts;
  }

  override details(): Record<string, unknown> {
    return { attempts: this.attempts };
  }
}
