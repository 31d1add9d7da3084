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
  const time = createTimestamps();
  return {
    log(level, event, fields) {
      if (fields === undefined || RESERVED.some((name) => Object.hasOwn(fields, name))) {
        write(`${JSON.stringify({ time: time(), level, event, ...fields })}\n`);
        return;
      }
      // The fields' `{...}` spliced after the head: no copy of the fields into a new object.
      const head = `{"time":"${time()}","level":${JSON.stringify(level)},"event":${JSON.stringify(event)}`;
      const rest = JSON.stringify(fields);
      write(rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`);
    },
  };
}

/** Fields the line's head owns; a caller's field of the same name wins, as with a spread. */
const RESERVED = ["time", "level", "event"];

/** ISO timestamps, made once per millisecond rather than once per line. */
function createTimestamps(): () => string {
  let lastMs = Number.NaN;
  let last = "";
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      last = new Date(now).toISOString();
    }
    return last;
  };
}

/** Queued text (in UTF-16 units) written at once, without waiting for the end of the turn. */
const MAX_BATCH_BYTES = 64 * 1024;

export interface BatchedWriter {
  /** Queues text; it is written with the rest of this event-loop turn's text. */
  write(text: string): void;
  /** Writes what is queued now (on shutdown). */
  flush(): void;
}

/**
 * Joins the text written in one turn of the event loop into one write, made on `setImmediate`: after
 * the responses of that turn went out, so a log line is never on a request's path, and one system
 * call per turn instead of one per line (stdout to a pipe or a file is a synchronous write).
 * For a long-lived process (`keyway serve`); a Lambda can be frozen right after its response, so it
 * writes its lines at once.
 *
 * @example
 * const out = createBatchedWriter((text) => process.stdout.write(text));
 * const logger = createJsonLogger(out.write);
 */
export function createBatchedWriter(write: (text: string) => void): BatchedWriter {
  let queued = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued.length === 0) return;
    const text = queued;
    queued = "";
    write(text);
  };
  return {
    write(text) {
      queued += text;
      if (queued.length >= MAX_BATCH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** Discards everything: for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
