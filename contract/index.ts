/**
 * The contract between keyway's parts: the configuration schema and its validator, resource ids, the
 * Secrets Manager storage layout, and the small helpers the provider and the gateway must agree on.
 * It imports nothing else from keyway.
 */
export {
  BUILTIN_PROVIDER_IDS,
  BUILTIN_PROVIDERS,
  type BuiltinProvider,
  PROVIDER_ID_PATTERN,
} from "./builtin-providers";
export { default as configurationSchema } from "./configuration.schema.json";
export { ConfigurationError, type ConfigurationIssue, formatIssue } from "./configuration-issue";
export type {
  AccessKeyConfiguration,
  AccessScope,
  ConfigurationTimeouts,
  ModelReference,
  ProviderId,
  ProviderKeyReference,
  Router,
  RouterRule,
  RouterStep,
  UserStep,
} from "./configuration-types";
export { parseDurationMs } from "./duration";
export { createResourceId, ID_PREFIX, isResourceId, type ResourceKind } from "./ids";
export {
  formatModelReference,
  type ModelReferenceParseResult,
  type ModelReferenceParts,
  modelReferenceKey,
  normalizeModelName,
  parseModelReference,
  tryParseModelReference,
} from "./model-reference";
export { redactKey } from "./redact";
export {
  type AccessKeyPayload,
  COLLECTION,
  type ConfigurationPayload,
  KIND_TAG_VALUE,
  NAMESPACE_PATTERN,
  namespacePrefix,
  PAYLOAD_SCHEMA_VERSION,
  type PayloadKind,
  type ProviderKeyPayload,
  SECRET_NAME_ROOT,
  type SecretPayload,
  secretName,
  TAG,
} from "./storage-layout";
export { hashToken, sameDigest } from "./token-hash";
export {
  type ConfigurationValidationResult,
  MAX_CONFIGURATION_BYTES,
  type ValidateConfigurationOptions,
  validateConfiguration,
} from "./validate-configuration";
