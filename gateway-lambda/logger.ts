/**
 * Structured logging, injected. One JSON object per line on stdout (CloudWatch on Lambda, the
 * terminal for `keyway serve`). Callers pass ids, names, statuses and durations: never a prompt, a
 * completion, a token or key material.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  return {
    log(level, event, fields) {
      write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
    },
  };
}

/** Discards everything: for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
