/** Request headers browsers may send: auth, JSON, the OpenAI SDKs' own headers. */
export const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "x-api-key",
  "openai-beta",
  "openai-organization",
  "openai-project",
  "anthropic-version",
  "anthropic-beta",
  "idempotency-key",
  "x-stainless-arch",
  "x-stainless-lang",
  "x-stainless-os",
  "x-stainless-package-version",
  "x-stainless-retry-count",
  "x-stainless-runtime",
  "x-stainless-runtime-version",
  "x-stainless-timeout",
];

/** keyway's response headers (README, "Response headers"), readable by browser code. */
export const CORS_EXPOSED_HEADERS = [
  "x-keyway-request-id",
  "x-keyway-attempts",
  "x-keyway-provider",
  "x-keyway-model",
  "x-keyway-provider-key-id",
  "x-keyway-rejected-models",
];

export interface GatewayCors {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge: number;
}

/**
 * The Function URL's CORS for the given origins; none without origins. Credentials are not
 * allowed: the access key travels in a header, never in a cookie.
 *
 * @example
 * corsFor(["https://app.example.com"])?.exposeHeaders; // ["x-keyway-request-id", ...]
 */
export function corsFor(origins: readonly string[] | undefined): GatewayCors | undefined {
  if (!origins || origins.length === 0) return undefined;
  const invalid = origins.filter((origin) => origin !== "*" && !/^https?:\/\/[^/\s?#]+$/.test(origin));
  if (invalid.length > 0) {
    throw new Error(
      `keyway.Gateway: allowedOrigins ${invalid.map((origin) => JSON.stringify(origin)).join(", ")}: an origin is a scheme and host without a path or trailing slash, e.g. "https://app.example.com", or "*"`,
    );
  }
  return {
    allowOrigins: [...origins],
    allowMethods: ["GET", "POST"],
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    allowCredentials: false,
    // Browsers cap it lower (Chrome: 2 h); a day keeps preflights rare everywhere else.
    maxAge: 86_400,
  };
}
