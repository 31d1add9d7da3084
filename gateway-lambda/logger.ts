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

/** Queued text (in UTF-16 units) written at once, without waiting for the timer. */
const MAX_BATCH_LENGTH = 64 * 1024;
/** How long a line may wait for others to join it in one write. */
const BATCH_DELAY_MS = 10;

export interface BatchedWriter {
  /** Queues text; it is written within {@link BATCH_DELAY_MS} ms, with whatever else was queued. */
  write(text: string): void;
  /** Writes what is queued now (on shutdown). */
  flush(): void;
}

/**
 * Joins text into one write per 10 ms (or per 64 KiB): a log line is never on a request's path, and a
 * busy gateway makes about a hundred writes a second instead of one per request (stdout to a pipe or
 * a file is a synchronous system call, and each one wakes the reader). For a long-lived process
 * (`keyway serve`), which flushes on shutdown; a Lambda can be frozen right after its response, so it
 * writes its lines at once.
 *
 * @example
 * const out = createBatchedWriter((text) => process.stdout.write(text));
 * const logger = createJsonLogger(out.write);
 */
export function createBatchedWriter(write: (text: string) => void): BatchedWriter {
  let queued = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queued.length === 0) return;
    const text = queued;
    queued = "";
    write(text);
  };
  return {
    write(text) {
      queued += text;
      if (queued.length >= MAX_BATCH_LENGTH) flush();
      else if (!timer) {
        timer = setTimeout(flush, BATCH_DELAY_MS);
        // Pending lines do not keep the process alive; shutdown flushes them.
        timer.unref();
      }
    },
    flush,
  };
}

/** Discards everything: for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
