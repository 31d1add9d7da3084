import { GatewayError } from "./gateway-error";

export interface UpstreamErrorOptions {
  provider: string;
  model: string;
  providerKeyId: string;
  status: number;
  /** Whether another key or model could succeed; false for the errors that stop failover. */
  isRetryable: boolean;
  /** The provider's error body, passed through to the caller byte for byte. */
  body: string;
  /** The provider's `content-type`, kept with the body. */
  contentType: string | null;
  cause?: unknown;
}

/**
 * The provider rejected the request itself (400, 413, 422, ...). Rendered by passing the provider's
 * status and body through unchanged, so the caller's SDK sees exactly what the provider said.
 *
 * @example
 * new UpstreamError({ provider: "openai", model: "gpt-4o", providerKeyId: "kwpk_...", status: 400,
 *   isRetryable: false, body: '{"error":{...}}', contentType: "application/json" });
 */
export class UpstreamError extends GatewayError {
  readonly provider: string;
  readonly model: string;
  readonly providerKeyId: string;
  readonly isRetryable: boolean;
  readonly body: string;
  readonly contentType: string | null;

  constructor(options: UpstreamErrorOptions) {
    super({
      code: "upstream_error",
      status: options.status,
      message: `The provider ${options.provider} rejected the request for ${options.model} (HTTP ${options.status}).`,
      cause: options.cause,
    });
    this.provider = options.provider;
    this.model = options.model;
    this.providerKeyId = options.providerKeyId;
    this.isRetryable = options.isRetryable;
    this.body = options.body;
    this.contentType = options.contentType;
  }
}
