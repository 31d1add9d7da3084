/**
 * Turns AWS SDK errors into messages that say what to do. AWS error messages never contain secret
 * values (requests are not echoed), but ours are built from names and ids only, to be sure.
 */
export interface AwsErrorContext {
  /** The Secrets Manager action that failed, e.g. "CreateSecret". */
  action: string;
  secretName: string;
}

export class KeywayAwsError extends Error {
  override readonly name = "KeywayAwsError";
  readonly awsErrorName: string;

  constructor(message: string, awsErrorName: string, options?: { cause?: unknown }) {
    super(message, options);
    this.awsErrorName = awsErrorName;
  }
}

export function awsErrorName(error: unknown): string {
  if (error && typeof error === "object" && "name" in error && typeof error.name === "string")
    return error.name;
  return "Error";
}

function awsMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isNotFound(error: unknown): boolean {
  return awsErrorName(error) === "ResourceNotFoundException";
}

/** AWS: InvalidRequestException "... scheduled for deletion" / "... marked for deletion". */
export function isScheduledForDeletion(error: unknown): boolean {
  return (
    awsErrorName(error) === "InvalidRequestException" &&
    /scheduled for deletion|marked (for )?delet/i.test(awsMessage(error))
  );
}

export function explainAwsError(error: unknown, context: AwsErrorContext): KeywayAwsError {
  const name = awsErrorName(error);
  const message = awsMessage(error);
  const subject = `secretsmanager:${context.action} on secret "${context.secretName}"`;
  const wrap = (text: string) => new KeywayAwsError(`keyway: ${text}`, name, { cause: error });

  if (isScheduledForDeletion(error)) {
    return wrap(
      `${subject} failed: the secret is scheduled for deletion. Restore it with ` +
        `\`aws secretsmanager restore-secret --secret-id ${context.secretName}\` and run \`pulumi refresh\`, ` +
        "or run `pulumi refresh` to let Pulumi record that it is gone and re-create it on the next `pulumi up`.",
    );
  }
  if (/kms/i.test(name) || /kms|key policy|EncryptionFailure|DecryptionFailure/i.test(`${name} ${message}`)) {
    return wrap(
      `${subject} failed because of the KMS key (${name}: ${message}). The deploying identity needs ` +
        "kms:GenerateDataKey and kms:Decrypt on the configured kmsKeyId, and the key must be enabled.",
    );
  }
  switch (name) {
    case "AccessDeniedException":
    case "UnauthorizedOperation":
      return wrap(
        `AWS denied ${subject}. Grant the identity running Pulumi secretsmanager:${context.action} on ` +
          `arn:aws:secretsmanager:<region>:<account>:secret:${context.secretName.split("/").slice(0, 2).join("/")}/* ` +
          `(see the README, "IAM for pulumi up"). AWS said: ${message}`,
      );
    case "ResourceNotFoundException":
      return wrap(
        `${subject} failed: the secret does not exist (deleted outside Pulumi?). Run \`pulumi refresh\` so ` +
          "Pulumi records that it is gone; the next `pulumi up` re-creates it.",
      );
    case "ResourceExistsException":
      return wrap(
        `${subject} failed: a secret with this name already exists and was not created by this resource.`,
      );
    case "CredentialsProviderError":
      return wrap(
        `no AWS credentials for ${subject}: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ` +
          "or run where an IAM role is available.",
      );
    case "ThrottlingException":
    case "LimitExceededException":
      return wrap(
        `${subject} was throttled or hit a Secrets Manager quota (${message}); run the command again.`,
      );
    default:
      if (/region is missing/i.test(message)) {
        return wrap(`${subject} failed: no AWS region. Set AWS_REGION (or a region in ~/.aws/config).`);
      }
      return wrap(`${subject} failed: ${name}: ${message}`);
  }
}
