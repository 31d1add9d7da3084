import * as pulumi from "@pulumi/pulumi";
import { delegateToRuntime } from "./runtime-delegate";
import { STORAGE_OUTPUTS, type StorageArgs, storageInputs } from "./storage-args";

export interface AccessKeyArgs extends StorageArgs {
  /** A human name for the app, team or environment using the key. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * The AccessKeyConfiguration's id. Omitted: ngrok.ai's default, every provider and model allowed,
   * routed to the namespace's provider keys for the requested provider.
   */
  configurationId?: pulumi.Input<string>;
  /** ISO 8601 instant after which the gateway rejects the key, e.g. "2027-01-31T00:00:00Z". */
  expiresAt?: pulumi.Input<string>;
  /** Rejects the key without deleting it. */
  disabled?: pulumi.Input<boolean>;
}

const provider = delegateToRuntime("accessKey");

/**
 * An access key that apps send to the gateway (`Authorization: Bearer <token>`). The token is made
 * at create, is a secret output, and is stored in AWS only as its SHA-256 hash.
 *
 * @example
 * const web = new keyway.AccessKey("web", { name: "web app", configurationId: prod.id });
 * export const webToken = web.token; // secret
 */
export class AccessKey extends pulumi.dynamic.Resource {
  static readonly typeToken = "pulumi-nodejs:dynamic/keyway:AccessKey";
  declare readonly name: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly configurationId: pulumi.Output<string | undefined>;
  /** The token (`kw-...`), a secret output. */
  declare readonly token: pulumi.Output<string>;
  declare readonly keyRedacted: pulumi.Output<string>;
  declare readonly secretArn: pulumi.Output<string>;
  declare readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: AccessKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...storageInputs(args),
        name: args.name,
        description: args.description,
        configurationId: args.configurationId,
        expiresAt: args.expiresAt,
        disabled: args.disabled,
        token: undefined,
        keyRedacted: undefined,
        ...STORAGE_OUTPUTS,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "token"] },
      "keyway",
      "AccessKey",
    );
  }
}
