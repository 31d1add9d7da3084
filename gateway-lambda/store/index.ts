/** Where the gateway's data comes from: the store interface and its two backends. */
export { buildSnapshot, type GatewaySettingsOverrides, mergeSettings } from "./build-snapshot";
export { createFileStore, type FileStore, type FileStoreOptions } from "./file-store";
export {
  type AccessKeyRecord,
  type ConfigurationRecord,
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySettings,
  type GatewaySnapshot,
  type GatewayStore,
  type ProviderEndpoint,
  type ProviderKeyRecord,
} from "./gateway-store";
export {
  createSecretsManagerStore,
  DEFAULT_MAX_STALE_MS,
  DEFAULT_REFRESH_INTERVAL_MS,
  type SecretsManagerStoreOptions,
} from "./secrets-manager-store";
export type { Environment } from "./serve-file/env-substitution";
export { type LoadServeFileOptions, loadServeFile, type ServeFileResult } from "./serve-file/load-serve-file";
export { formatServeFileIssue, ServeFileError, type ServeFileIssue } from "./serve-file/serve-file-issue";
