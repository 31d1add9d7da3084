/**
 * keyway's gateway: `createGateway(settings)` returns the fetch-shaped data plane that the Lambda
 * handler and `keyway serve` wrap. This file is its public surface.
 */
export { type Clock, systemClock } from "./clock";
export {
  ERROR_CATALOGUE,
  type ErrorCatalogueEntry,
  errorCatalogueMarkdown,
  type GatewayErrorCode,
  REQUEST_ID_HEADER,
} from "./errors";
export {
  type CreateGatewaySettings,
  checkEndpointUrl,
  createGateway,
  type Gateway,
  type ModelObject,
  type StreamEnd,
  type TokenUsage,
} from "./http";
export { createJsonLogger, type Logger, type LogLevel, silentLogger } from "./logger";
export { createKeyHealth, type KeyHealth } from "./routing/key-health";
export {
  type AccessKeyRecord,
  type ConfigurationRecord,
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySettings,
  type GatewaySnapshot,
  type GatewayStore,
  type ProviderEndpoint,
  type ProviderKeyRecord,
} from "./store/gateway-store";
export { createStaticStore } from "./store/static-store";
