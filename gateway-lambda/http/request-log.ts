import type { Clock } from "../clock";
import type { GatewayError } from "../errors/gateway-error";
import type { Logger, LogLevel } from "../logger";
import type { AttemptRecord } from "../routing/failover";
import type { AttemptTarget } from "../routing/select-targets";
import type { SkipRecord } from "../routing/target-cursor";
import type { StreamEnd } from "./relay-stream";
import type { TokenUsage } from "./usage";

/** A fallback model that got no attempt, and why. */
export interface RejectedModelRecord {
  reference: string;
  reason: string;
}

/** What one request did, filled in as it runs: the source of the log line and the `x-keyway-*` headers. */
export interface RequestRecord {
  method: string;
  path: string;
  accessKeyId: string | null;
  configurationId: string | null;
  /** `model` as the client wrote it. */
  requestedModel: string | null;
  stream: boolean;
  attempts: readonly AttemptRecord[];
  skipped: readonly SkipRecord[];
  rejectedModels: readonly RejectedModelRecord[];
  /** The target whose answer the client got. */
  served: AttemptTarget | null;
  usage: TokenUsage | null;
  streamEnd: StreamEnd | null;
  /** When a stream was committed (epoch ms on the gateway's clock). */
  committedAt: number | null;
  error: GatewayError | null;
}

/** Longer paths are cut in the log: a path is the client's text. */
const MAX_LOGGED_PATH = 256;

/**
 * Collects a request's record and writes it as exactly one structured line when the request ends
 * (for a stream: when the stream ends). Ids, names, statuses, durations and token counts only: never a
 * prompt, a completion, a token or a key value.
 */
export class RequestLog {
  readonly record: RequestRecord;
  /** Set when the response is a stream: the relay writes the line when it ends. */
  deferred = false;
  private written = false;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly requestId: string,
    readonly startedAt: number,
    request: Request,
  ) {
    this.record = {
      method: request.method,
      path: pathOf(request.url),
      accessKeyId: null,
      configurationId: null,
      requestedModel: null,
      stream: false,
      attempts: [],
      skipped: [],
      rejectedModels: [],
      served: null,
      usage: null,
      streamEnd: null,
      committedAt: null,
      error: null,
    };
  }

  /** Writes the line, once; later calls do nothing. A failing logger never fails the request. */
  write(status: number): void {
    if (this.written) return;
    this.written = true;
    try {
      this.logger.log(levelFor(status, this.record.error), "request", this.fields(status));
    } catch {
      // Logging is best effort.
    }
  }

  private fields(status: number): Record<string, unknown> {
    const { record } = this;
    const fields: Record<string, unknown> = {
      requestId: this.requestId,
      method: record.method,
      path: record.path.slice(0, MAX_LOGGED_PATH),
      status,
      accessKeyId: record.accessKeyId,
      configurationId: record.configurationId,
      requestedModel: record.requestedModel,
      servedModel: record.served?.reference ?? null,
      providerKeyId: record.served?.providerKeyId ?? null,
      stream: record.stream,
      attempts: record.attempts.map((attempt) => ({
        provider: attempt.target.provider,
        model: attempt.target.model,
        providerKeyId: attempt.target.providerKeyId,
        outcome: attempt.outcome,
        verdict: attempt.verdict,
        status: attempt.status,
        durationMs: attempt.durationMs,
      })),
      latencyMs: this.clock.now() - this.startedAt,
    };
    if (record.rejectedModels.length > 0) fields.rejectedModels = record.rejectedModels;
    if (record.skipped.length > 0) {
      fields.skippedKeys = record.skipped.map((skip) => ({
        providerKeyId: skip.target.providerKeyId,
        model: skip.target.reference,
        reason: skip.reason,
      }));
    }
    if (record.usage) fields.usage = record.usage;
    if (record.streamEnd) fields.streamEnd = record.streamEnd;
    if (record.committedAt !== null) fields.firstEventMs = record.committedAt - this.startedAt;
    if (record.error) {
      fields.errorCode = record.error.code;
      // Only a bug carries its stack, for whoever fixes it; the client saw the request id only.
      if (record.error.code === "internal_error") fields.errorDetail = describeBug(record.error.cause);
    }
    return fields;
  }
}

/**
 * The path of a request's URL, as `new URL(url).pathname` gives it: a `Request`'s `url` is already
 * serialized by the URL parser, so the path is the text between the authority and `?` or `#`.
 */
export function pathOf(url: string): string {
  const authority = url.indexOf("//");
  const start = url.indexOf("/", authority === -1 ? 0 : authority + 2);
  if (start === -1) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query !== -1) end = query;
  const fragment = url.indexOf("#", start);
  if (fragment !== -1 && fragment < end) end = fragment;
  return url.slice(start, end);
}

function levelFor(status: number, error: GatewayError | null): LogLevel {
  if (error?.code === "internal_error") return "error";
  return status >= 500 ? "warn" : "info";
}

function describeBug(cause: unknown): string {
  return cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
}
