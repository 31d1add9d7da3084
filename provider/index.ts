/**
 * keyway: provider keys, access-key configurations and access keys as Pulumi resources in AWS
 * Secrets Manager, for the keyway gateway.
 */

export type { AccessKeyConfiguration as AccessKeyConfigurationShape } from "../contract/configuration-types";
export { AccessKey, type AccessKeyArgs } from "./resources/access-key";
export {
  AccessKeyConfiguration,
  type AccessKeyConfigurationArgs,
} from "./resources/access-key-configuration";
export { ProviderKey, type ProviderKeyArgs } from "./resources/provider-key";
export { defaultNamespace, type StorageArgs } from "./resources/storage-args";
