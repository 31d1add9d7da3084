export { type AttemptSummary, describeAttempts } from "./attempt-summary";
export { AttemptsExhaustedError } from "./attempts-exhausted-error";
export { AuthenticationError, type AuthenticationFailure } from "./authentication-error";
export { BodyTooLargeError } from "./body-too-large-error";
export { ClientClosedError } from "./client-closed-error";
export { ConfigurationUnavailableError } from "./configuration-unavailable-error";
export {
  catalogueEntry,
  ERROR_CATALOGUE,
  type ErrorCatalogueEntry,
  type GatewayErrorCode,
  type OpenAIErrorType,
} from "./error-catalogue";
export { errorCatalogueMarkdown } from "./error-catalogue-markdown";
export { GatewayError, type GatewayErrorOptions } from "./gateway-error";
export { InsecureProviderUrlError } from "./insecure-provider-url-error";
export { InvalidRequestError, type InvalidRequestProblem } from "./invalid-request-error";
export { ModelNotAllowedError } from "./model-not-allowed-error";
export { ModelNotFoundError } from "./model-not-found-error";
export { NoProviderKeysError } from "./no-provider-keys-error";
export {
  asGatewayError,
  REQUEST_ID_HEADER,
  toOpenAIErrorResponse,
  toSseErrorEvent,
} from "./openai-error-response";
export { MethodNotAllowedError, NotFoundError } from "./route-errors";
export { StoreUnavailableError } from "./store-unavailable-error";
export { StreamIdleTimeoutError, StreamInterruptedError } from "./stream-errors";
export { TotalTimeoutError } from "./total-timeout-error";
export { UpstreamError, type UpstreamErrorOptions } from "./upstream-error";
