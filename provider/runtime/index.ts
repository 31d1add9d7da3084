/**
 * What the serialized dynamic providers load at run time, by package name (`keyway/provider-runtime`),
 * from the user's project. Keep these three names stable: Pulumi state of every keyway user refers
 * to them, and refresh and destroy run the stored closure against whatever keyway version is installed.
 */
import { createAccessKeyConfigurationProvider } from "./access-key-configuration-provider";
import { createAccessKeyProvider } from "./access-key-provider";
import { createProviderKeyProvider } from "./provider-key-provider";

export const providerKey = createProviderKeyProvider();
export const accessKeyConfiguration = createAccessKeyConfigurationProvider();
export const accessKey = createAccessKeyProvider();
