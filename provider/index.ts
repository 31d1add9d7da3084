/**
 * keyway: provider keys, access-key configurations and access keys as Pulumi resources in AWS
 * Secrets Manager, and the keyway gateway that serves them from AWS Lambda.
 */

export type { AccessKeyConfiguration as AccessKeyConfigurationShape } from "../contract/configuration-types";
export {
  Gateway,
  type GatewayArchitecture,
  type GatewayArgs,
  type GatewayAuthType,
  type GatewayRuntime,
} from "./components/gateway";
export type { GatewayAlarmsArgs } from "./components/gateway-monitoring";
export { buildGatewayPolicy, type GatewayPolicyScope } from "./components/gateway-policy";
export {
  type ConfigurationFilesArgs,
  ConfigurationFilesError,
  loadConfigurationFiles,
} from "./configuration-files/load-configuration-files";
export { AccessKey, type AccessKeyArgs } from "./resources/access-key";
export {
  AccessKeyConfiguration,
  type AccessKeyConfigurationArgs,
} from "./resources/access-key-configuration";
export { ProviderKey, type ProviderKeyArgs } from "./resources/provider-key";
export { defaultNamespace, type StorageArgs } from "./resources/storage-args";
