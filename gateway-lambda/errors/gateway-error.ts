import { catalogueEntry, type GatewayErrorCode, type OpenAIErrorType } from "./error-catalogue";

export interface GatewayErrorOptions {
  code: GatewayErrorCode;
  message: string;
  /** The request field at fault (`model`, `models[1]`), rendered as the envelope's `param`. */
  param?: string | null;
  cause?: unknown;
  /** Only for errors whose status is the provider's (`upstream_error`). */
  status?: number;
  /** Response headers the error needs (`Allow`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

/**
 * The base of every error the gateway answers with. Status and type come from the
 * {@link ERROR_CATALOGUE} entry of `code`; {@link toOpenAIErrorResponse} renders any of them.
 *
 * @example
 * throw new GatewayError({ code: "not_found", message: "No route for GET /v2/chat" });
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    const entry = catalogueEntry(options.code);
    this.code = options.code;
    this.status = entry.status === "upstream" ? (options.status ?? 502) : entry.status;
    this.type = entry.type;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  /** Extra members of the rendered `error` object (beyond message, type, param, code). */
  details(): Record<string, unknown> {
    return {};
  }
}
