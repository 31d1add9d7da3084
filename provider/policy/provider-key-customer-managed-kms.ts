import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KEYWAY_TYPES } from "./policy-targets";
import { type PreviewValues, previewValues, UNKNOWN } from "./preview-values";

/** `alias/aws/...` and its ARN form name AWS-managed keys (`aws/secretsmanager` is Secrets Manager's). */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/**
 * Every `keyway.ProviderKey` is encrypted with a customer-managed KMS key, so the key policy (not
 * only IAM) decides who can decrypt provider API keys, and CloudTrail shows each use of it. Without
 * `kmsKeyId` (or with `alias/aws/secretsmanager`) Secrets Manager uses the AWS-managed key, which
 * any principal of the account with `secretsmanager:GetSecretValue` can use. A `kmsKeyId` not known
 * yet at preview comes from a key created in the same update: a created key is customer managed.
 */
export const providerKeyCustomerManagedKms: ResourceValidationPolicy = {
  name: "provider-key-customer-managed-kms",
  description:
    "Every keyway ProviderKey is encrypted with a customer-managed KMS key: kmsKeyId is set and is not an AWS-managed key (alias/aws/secretsmanager).",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Create an aws.kms.Key (or use an existing one) and set `pulumi config set keyway:kmsKeyId <key id, ARN or alias>` for the whole stack, or kmsKeyId on each ProviderKey. Pass the same key to keyway.Gateway's kmsKeyId so the function may decrypt.",
  validateResource: (args, reportViolation) => {
    if (args.type !== KEYWAY_TYPES.providerKey) return;
    const values: PreviewValues = previewValues();
    const kmsKeyId = values.read(() => args.props.kmsKeyId as unknown);
    if (kmsKeyId === UNKNOWN) return;
    if (typeof kmsKeyId !== "string" || kmsKeyId === "") {
      reportViolation(
        `ProviderKey "${args.name}" has no kmsKeyId, so Secrets Manager encrypts it with the AWS-managed aws/secretsmanager key.`,
      );
    } else if (AWS_MANAGED_ALIAS.test(kmsKeyId)) {
      reportViolation(`ProviderKey "${args.name}" uses the AWS-managed KMS key ${kmsKeyId}.`);
    }
  },
};
