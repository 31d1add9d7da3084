import * as pulumi from "@pulumi/pulumi";

/** Where a keyway resource is stored and how it is deleted; shared by every keyway resource. */
export interface StorageArgs {
  /**
   * The gateway namespace: secrets are named `keyway/<namespace>/...`. Default: stack config
   * `keyway:namespace`, else `<project>-<stack>`. Changing it replaces the resource.
   */
  namespace?: pulumi.Input<string>;
  /** A customer-managed KMS key (id, ARN or alias) to encrypt the secret. Default: `keyway:kmsKeyId`, else `aws/secretsmanager`. */
  kmsKeyId?: pulumi.Input<string>;
  /** Days (7-30) Secrets Manager keeps a deleted secret restorable. Default: `keyway:recoveryWindowInDays`, else 7. */
  recoveryWindowInDays?: pulumi.Input<number>;
  /** Delete the secret at once, without a recovery window. Default: `keyway:forceDeleteWithoutRecovery`, else false. */
  forceDeleteWithoutRecovery?: pulumi.Input<boolean>;
}

export function storageInputs(args: StorageArgs): Record<string, pulumi.Input<unknown> | undefined> {
  const config = new pulumi.Config("keyway");
  return {
    namespace: args.namespace ?? config.get("namespace") ?? defaultNamespace(),
    kmsKeyId: args.kmsKeyId ?? config.get("kmsKeyId"),
    recoveryWindowInDays: args.recoveryWindowInDays ?? config.getNumber("recoveryWindowInDays"),
    forceDeleteWithoutRecovery:
      args.forceDeleteWithoutRecovery ?? config.getBoolean("forceDeleteWithoutRecovery"),
  };
}

/** `<project>-<stack>`: one namespace, and so one gateway, per stack unless set otherwise. */
export function defaultNamespace(): string {
  return `${pulumi.getProject()}-${pulumi.getStack()}`;
}

/** The outputs every keyway resource has, seeded as undefined so Pulumi registers them. */
export const STORAGE_OUTPUTS = { secretArn: undefined, secretName: undefined, secretVersionId: undefined };
