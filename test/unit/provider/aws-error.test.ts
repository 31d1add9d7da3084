import { describe, expect, it } from "vitest";
import { explainAwsError } from "../../../provider/runtime/aws-error";

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });
const context = {
  action: "PutSecretValue",
  secretName: "keyway/shop-prod/provider-keys/kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa",
};

describe("AWS errors become messages that say what to do", () => {
  it("names the missing permission and the ARN pattern to grant it on", () => {
    const error = explainAwsError(
      awsError("AccessDeniedException", "User: arn:aws:iam::1:user/ci is not authorized"),
      context,
    );

    expect(error.message).toBe(
      'keyway: AWS denied secretsmanager:PutSecretValue on secret "keyway/shop-prod/provider-keys/kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa". ' +
        "Grant the identity running Pulumi secretsmanager:PutSecretValue on " +
        'arn:aws:secretsmanager:<region>:<account>:secret:keyway/shop-prod/* (see the README, "IAM for pulumi up"). ' +
        "AWS said: User: arn:aws:iam::1:user/ci is not authorized",
    );
  });

  it("says which secret is scheduled for deletion and how to restore it", () => {
    const error = explainAwsError(
      awsError(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
      ),
      context,
    );

    expect(error.message).toContain("the secret is scheduled for deletion");
    expect(error.message).toContain(
      "aws secretsmanager restore-secret --secret-id keyway/shop-prod/provider-keys/kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa",
    );
  });

  it("points at the KMS key policy for KMS failures", () => {
    const error = explainAwsError(awsError("EncryptionFailure", "KMS key is disabled"), context);

    expect(error.message).toContain("kms:GenerateDataKey and kms:Decrypt on the configured kmsKeyId");
  });

  it("tells a secret deleted outside Pulumi to be refreshed", () => {
    const error = explainAwsError(
      awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
      context,
    );

    expect(error.message).toContain("Run `pulumi refresh`");
  });

  it("explains missing credentials and a missing region", () => {
    expect(
      explainAwsError(awsError("CredentialsProviderError", "Could not load credentials"), context).message,
    ).toContain("set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    expect(explainAwsError(awsError("Error", "Region is missing"), context).message).toContain(
      "Set AWS_REGION",
    );
  });
});
