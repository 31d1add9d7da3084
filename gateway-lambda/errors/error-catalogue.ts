/**
 * Every error the gateway answers with: a stable `code`, its HTTP status, its OpenAI error `type` and
 * when it happens. The README's error table is generated from (and checked against) this list, and
 * {@link GatewayError} takes its status and type from here, so the two cannot drift apart.
 */
export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "server_error"
  | "timeout_error";

export interface ErrorCatalogueEntry {
  code: string;
  /** The HTTP status, or `"upstream"` when the provider's own status is passed through. */
  status: number | "upstream";
  type: OpenAIErrorType;
  when: string;
}

export const ERROR_CATALOGUE = [
  {
    code: "missing_access_key",
    status: 401,
    type: "authentication_error",
    when: "No access key in `Authorization: Bearer <token>` or `x-api-key`.",
  },
  {
    code: "invalid_access_key",
    status: 401,
    type: "authentication_error",
    when: "The access key is unknown (never issued, or deleted).",
  },
  {
    code: "access_key_disabled",
    status: 401,
    type: "authentication_error",
    when: "The access key is disabled.",
  },
  {
    code: "access_key_expired",
    status: 401,
    type: "authentication_error",
    when: "The access key is past its expiry time.",
  },
  {
    code: "invalid_json",
    status: 400,
    type: "invalid_request_error",
    when: "The body is not JSON, or not a JSON object.",
  },
  {
    code: "missing_field",
    status: 400,
    type: "invalid_request_error",
    when: "A required field (such as `model`) is missing; `param` names it.",
  },
  {
    code: "invalid_field",
    status: 400,
    type: "invalid_request_error",
    when: "A field has the wrong type or an invalid value (such as `models` not an array of strings); `param` names it.",
  },
  {
    code: "body_too_large",
    status: 413,
    type: "invalid_request_error",
    when: "The request body is larger than the gateway's limit.",
  },
  {
    code: "model_not_found",
    status: 404,
    type: "not_found_error",
    when: "A bare model name is not in the catalog, or a `provider:` prefix names no known provider.",
  },
  {
    code: "model_not_allowed",
    status: 403,
    type: "permission_error",
    when: "The requested model (or its provider) is outside the access key's allow-lists.",
  },
  {
    code: "no_provider_keys",
    status: 400,
    type: "invalid_request_error",
    when: "No requested model has a provider key routed to it (no key for the provider, no matching rule, or its keys were deleted).",
  },
  {
    code: "upstream_error",
    status: "upstream",
    type: "invalid_request_error",
    when: "The provider rejected the request itself (400, 413, 422, ...): its status and body are passed through unchanged.",
  },
  {
    code: "all_attempts_failed",
    status: 503,
    type: "server_error",
    when: "Every key, step and model was tried and failed; `attempts` lists each one.",
  },
  {
    code: "total_timeout",
    status: 504,
    type: "timeout_error",
    when: "The request's total time budget ran out before an upstream answered; `attempts` lists each one.",
  },
  {
    code: "insecure_provider_url",
    status: 502,
    type: "server_error",
    when: "Every provider that could serve the request has a base URL the gateway refuses: plain `http://` to a host that is not loopback (without `allowInsecureHttp`), or not an `http(s)` URL.",
  },
  {
    code: "configuration_unavailable",
    status: 500,
    type: "server_error",
    when: "The access key names a configuration the gateway does not have (deleted, or skipped as invalid): the request is refused rather than served without the configuration's limits.",
  },
  {
    code: "store_unavailable",
    status: 503,
    type: "server_error",
    when: "The gateway could not load its provider keys, configurations and access keys (the first load failed); retry later.",
  },
  {
    code: "stream_interrupted",
    status: 502,
    type: "server_error",
    when: "The provider's stream broke after it began: sent as a final SSE `error` event (the response status, 200, was already sent), with no `[DONE]`.",
  },
  {
    code: "stream_idle_timeout",
    status: 504,
    type: "timeout_error",
    when: "The provider's stream stalled for longer than the stream idle timeout after it began: sent as a final SSE `error` event, with no `[DONE]`.",
  },
  {
    code: "not_found",
    status: 404,
    type: "not_found_error",
    when: "No such endpoint.",
  },
  {
    code: "method_not_allowed",
    status: 405,
    type: "invalid_request_error",
    when: "The endpoint exists but not for this HTTP method (`Allow` lists the methods).",
  },
  {
    code: "client_closed_request",
    status: 499,
    type: "invalid_request_error",
    when: "The client disconnected; the upstream request was aborted. Only ever seen in logs.",
  },
  {
    code: "internal_error",
    status: 500,
    type: "server_error",
    when: "A bug in the gateway. The message carries only the request id, never internals.",
  },
] as const satisfies readonly ErrorCatalogueEntry[];

export type GatewayErrorCode = (typeof ERROR_CATALOGUE)[number]["code"];

export function catalogueEntry(code: GatewayErrorCode): ErrorCatalogueEntry {
  const entry = ERROR_CATALOGUE.find((candidate) => candidate.code === code);
  // Unreachable for a `GatewayErrorCode`; kept so a bad cast fails loudly instead of rendering 'undefined'.
  if (!entry) throw new Error(`Unknown gateway error code: ${code}`);
  return entry;
}
