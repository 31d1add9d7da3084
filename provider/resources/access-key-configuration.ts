import * as pulumi from "@pulumi/pulumi";
import type { AccessKeyConfiguration as Configuration } from "../../contract/configuration-types";
import { delegateToRuntime } from "./runtime-delegate";
import { STORAGE_OUTPUTS, type StorageArgs, storageInputs } from "./storage-args";

type Inputs<T> = T extends string | number | boolean
  ? pulumi.Input<T>
  : { [K in keyof T]: pulumi.Input<Inputs<T[K]>> };

/** The ngrok.ai configuration shape (see `contract/configuration.schema.json`), as Pulumi inputs. */
export type AccessKeyConfigurationArgs = StorageArgs & Inputs<Configuration>;

const provider = delegateToRuntime("accessKeyConfiguration");

/**
 * Which providers and models an access key may use, and the ordered routing and failover rules.
 * `pulumi preview` rejects an invalid configuration naming the exact field; create and update check
 * that every referenced provider key exists in the namespace and belongs to the rule's provider.
 *
 * @example
 * const prod = new keyway.AccessKeyConfiguration("prod", {
 *   name: "prod",
 *   access: { providers: { allow: ["openai"] } },
 *   router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: primary.id }, { id: backup.id }] }] }] },
 * });
 */
export class AccessKeyConfiguration extends pulumi.dynamic.Resource {
  static readonly typeToken = "pulumi-nodejs:dynamic/keyway:AccessKeyConfiguration";
  declare readonly name: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly secretArn: pulumi.Output<string>;
  declare readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: AccessKeyConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...storageInputs(args),
        name: args.name,
        description: args.description,
        metadata: args.metadata,
        access: args.access,
        router: args.router,
        timeouts: args.timeouts,
        ...STORAGE_OUTPUTS,
      },
      opts,
      "keyway",
      "AccessKeyConfiguration",
    );
  }
}
