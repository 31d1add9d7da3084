import { type AttemptSummary, describeAttempts } from "./attempt-summary";
import { GatewayError } from "./gateway-error";

/** 504: the request's total time budget ran out. The body lists the attempts made until then. */
export class TotalTimeoutError extends GatewayError {
  readonly budgetMs: number;
  readonly attempts: readonly AttemptSummary[];

  constructor(budgetMs: number, attempts: readonly AttemptSummary[]) {
    const made = attempts.length === 0 ? "" : ` Attempts: ${describeAttempts(attempts)}.`;
    super({
      code: "total_timeout",
      message: `No upstream answered within the total timeout of ${budgetMs} ms.${made}`,
    });
    this.budgetMs = budgetMs;
    this.attempts = attempts;
  }

  override details(): Record<string, unknown> {
    return { attempts: this.attempts };
  }
}
