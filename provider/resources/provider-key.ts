import * as pulumi from "@pulumi/pulumi";
import { delegateToRuntime } from "./runtime-delegate";
import { STORAGE_OUTPUTS, type StorageArgs, storageInputs } from "./storage-args";

export interface ProviderKeyArgs extends StorageArgs {
  /** The upstream provider: a built-in id (`openai`, `anthropic`, `google`, ...) or a custom provider's id. Changing it replaces the key. */
  providerId: pulumi.Input<string>;
  /** A human name, shown in logs and attempt summaries. */
  name: pulumi.Input<string>;
  /** The provider's API key. Always stored as a Pulumi secret. Changing it rotates the key in place: same id. */
  value: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Free-form text up to 4096 characters, as in ngrok.ai. */
  metadata?: pulumi.Input<string>;
}

const provider = delegateToRuntime("providerKey");

/**
 * An upstream provider API key, stored in AWS Secrets Manager for the keyway gateway.
 *
 * @example
 * const primary = new keyway.ProviderKey("openai-primary", {
 *   providerId: "openai",
 *   name: "OpenAI primary",
 *   value: config.requireSecret("openaiPrimary"),
 * });
 * export const redacted = primary.keyRedacted; // "sk-proj-ab***wxyz"
 */
export class ProviderKey extends pulumi.dynamic.Resource {
  /** Engine type token: `pulumi-nodejs:dynamic/keyway:ProviderKey`. */
  static readonly typeToken = "pulumi-nodejs:dynamic/keyway:ProviderKey";
  declare readonly providerId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  /** First 10 and last 4 characters of the key, `***` between. */
  declare readonly keyRedacted: pulumi.Output<string>;
  declare readonly secretArn: pulumi.Output<string>;
  declare readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: ProviderKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...storageInputs(args),
        providerId: args.providerId,
        name: args.name,
        value: pulumi.secret(args.value),
        description: args.description,
        metadata: args.metadata,
        keyRedacted: undefined,
        ...STORAGE_OUTPUTS,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "value"] },
      "keyway",
      "ProviderKey",
    );
  }
}
