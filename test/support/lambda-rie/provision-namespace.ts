import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createAccessKeyConfigurationProvider } from "../../../provider/runtime/access-key-configuration-provider";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";

export interface ProvisionedNamespace {
  /** The access key's token (`kw-...`). */
  token: string;
  /** Provider key ids, as `x-keyway-provider-key-id` reports them. */
  keyIds: { primary: string; backup: string };
  /** The provider key values, as the upstream sees them in `authorization`. */
  keyValues: { primary: string; backup: string };
}

/**
 * Creates what `pulumi up` would, with the provider's own code: two OpenAI keys, a configuration
 * failing over from the first to the second, and one access key for it.
 */
export async function provisionNamespace(
  client: SecretsManagerClient,
  namespace: string,
): Promise<ProvisionedNamespace> {
  const keys = createProviderKeyProvider(() => client);
  const configurations = createAccessKeyConfigurationProvider(() => client);
  const accessKeys = createAccessKeyProvider(() => client);
  const keyValues = {
    primary: "sk-rie-primary-000000000000000000001",
    backup: "sk-rie-backup-0000000000000000000002",
  };
  const key = async (name: string, value: string) => {
    const checked = await keys.check({}, { namespace, providerId: "openai", name, value });
    return (await keys.create(checked.inputs)).id;
  };
  const primary = await key("primary", keyValues.primary);
  const backup = await key("backup", keyValues.backup);
  const configuration = await configurations.check(
    {},
    {
      namespace,
      name: "prod",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: primary }, { id: backup }] }] }],
      },
    },
  );
  const { id: configurationId } = await configurations.create(configuration.inputs);
  const access = await accessKeys.check({}, { namespace, name: "web", configurationId });
  const { outs } = await accessKeys.create(access.inputs);
  return { token: outs.token as string, keyIds: { primary, backup }, keyValues };
}
