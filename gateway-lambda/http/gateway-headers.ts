import { REQUEST_ID_HEADER } from "../errors/openai-error-response";
import { headerValue } from "./header-value";
import type { RequestRecord } from "./request-log";

/**
 * Adds keyway's response headers to a reply's header record: `x-keyway-request-id` always; once an
 * upstream was tried, `x-keyway-attempts` and the provider, model and provider-key id of the answer (or,
 * when every attempt failed, of the last attempt); `x-keyway-rejected-models` when fallback models were
 * skipped.
 */
export function addGatewayHeaders(
  headers: Record<string, string>,
  requestId: string,
  record: RequestRecord,
): void {
  headers[REQUEST_ID_HEADER] = requestId;
  const last = record.served ?? record.attempts[record.attempts.length - 1]?.target;
  if (last) {
    headers["x-keyway-attempts"] = String(record.attempts.length);
    headers["x-keyway-provider"] = headerValue(last.provider);
    headers["x-keyway-model"] = headerValue(last.model);
    headers["x-keyway-provider-key-id"] = headerValue(last.providerKeyId);
  }
  if (record.rejectedModels.length > 0) {
    headers["x-keyway-rejected-models"] = headerValue(
      record.rejectedModels.map((rejected) => rejected.reference).join(", "),
    );
  }
}
