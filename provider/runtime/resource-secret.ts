/**
 * The Secrets Manager calls behind every keyway resource: one secret per resource, named and tagged by
 * the storage layout (contract/storage-layout.ts), holding versioned JSON.
 */
import { createHash, randomUUID } from "node:crypto";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import type { ResourceKind } from "../../contract/ids";
import { KIND_TAG_VALUE, type SecretPayload, secretName, TAG } from "../../contract/storage-layout";
import { awsErrorName, explainAwsError, isNotFound, isScheduledForDeletion } from "./aws-error";

export interface ResourceSecretLocation {
  namespace: string;
  kind: ResourceKind;
  id: string;
}

export interface StoredVersion {
  arn: string;
  name: string;
  versionId: string;
}

/**
 * A ClientRequestToken derived from the resource id and the version it replaces, never from the
 * content (the token becomes the public VersionId). A retried call sends the same token, so AWS
 * treats it as the same request instead of writing a second version or a second secret.
 */
export function versionToken(id: string, previousVersionId: string | undefined): string {
  return createHash("sha256")
    .update(`keyway:${id}:${previousVersionId ?? "create"}`)
    .digest("hex");
}

export async function createResourceSecret(
  client: SecretsManagerClient,
  location: ResourceSecretLocation,
  write: {
    payload: SecretPayload;
    description: string;
    kmsKeyId?: string;
    extraTags?: Record<string, string>;
  },
): Promise<StoredVersion> {
  const name = secretName(location.namespace, location.kind, location.id);
  const token = versionToken(location.id, undefined);
  const tags = {
    [TAG.kind]: KIND_TAG_VALUE[location.kind],
    [TAG.namespace]: location.namespace,
    [TAG.id]: location.id,
    [TAG.managedBy]: "pulumi",
    ...write.extraTags,
  };
  try {
    const created = await client.send(
      new CreateSecretCommand({
        Name: name,
        Description: write.description,
        KmsKeyId: write.kmsKeyId,
        SecretString: JSON.stringify(write.payload),
        ClientRequestToken: token,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return { arn: required(created.ARN), name, versionId: created.VersionId ?? token };
  } catch (error) {
    // A retry of a create whose first response was lost: the secret is ours if it carries our id tag
    // and our token's version.
    if (awsErrorName(error) === "ResourceExistsException") {
      const existing = await describeResourceSecret(client, name);
      if (existing && existing.tags[TAG.id] === location.id && existing.versionIds.includes(token)) {
        return { arn: existing.arn, name, versionId: token };
      }
    }
    throw explainAwsError(error, { action: "CreateSecret", secretName: name });
  }
}

/** Writes a new AWSCURRENT version; the one it replaces becomes AWSPREVIOUS. */
export async function putResourcePayload(
  client: SecretsManagerClient,
  target: { arn: string; name: string; id: string; previousVersionId?: string },
  payload: SecretPayload,
): Promise<string> {
  const send = (token: string) =>
    client.send(
      new PutSecretValueCommand({
        SecretId: target.arn,
        SecretString: JSON.stringify(payload),
        ClientRequestToken: token,
      }),
    );
  try {
    const put = await send(versionToken(target.id, target.previousVersionId));
    return required(put.VersionId);
  } catch (error) {
    // Same token, other content: an earlier update from the same state landed without being recorded.
    // A fresh token writes this content as a new version.
    if (awsErrorName(error) === "ResourceExistsException") {
      try {
        return required((await send(randomUUID())).VersionId);
      } catch (retryError) {
        throw explainAwsError(retryError, { action: "PutSecretValue", secretName: target.name });
      }
    }
    throw explainAwsError(error, { action: "PutSecretValue", secretName: target.name });
  }
}

export async function updateResourceSecretSettings(
  client: SecretsManagerClient,
  target: { arn: string; name: string },
  settings: { description: string; kmsKeyId?: string },
): Promise<void> {
  try {
    await client.send(
      new UpdateSecretCommand({
        SecretId: target.arn,
        Description: settings.description,
        // Without a KmsKeyId the secret goes back to the AWS-managed key aws/secretsmanager.
        KmsKeyId: settings.kmsKeyId ?? "alias/aws/secretsmanager",
      }),
    );
  } catch (error) {
    throw explainAwsError(error, { action: "UpdateSecret", secretName: target.name });
  }
}

export interface ReadPayload {
  arn: string;
  versionId: string;
  payload: unknown;
}

/** The AWSCURRENT payload, or undefined when the secret is gone or scheduled for deletion. */
export async function readResourcePayload(
  client: SecretsManagerClient,
  target: { secretId: string; name: string },
): Promise<ReadPayload | undefined> {
  try {
    const value = await client.send(new GetSecretValueCommand({ SecretId: target.secretId }));
    let payload: unknown;
    try {
      payload = JSON.parse(value.SecretString ?? "");
    } catch {
      payload = undefined;
    }
    return { arn: required(value.ARN), versionId: required(value.VersionId), payload };
  } catch (error) {
    if (isNotFound(error) || isScheduledForDeletion(error)) return undefined;
    throw explainAwsError(error, { action: "GetSecretValue", secretName: target.name });
  }
}

export interface DescribedSecret {
  arn: string;
  tags: Record<string, string>;
  versionIds: string[];
  scheduledForDeletion: boolean;
}

export async function describeResourceSecret(
  client: SecretsManagerClient,
  secretId: string,
): Promise<DescribedSecret | undefined> {
  try {
    const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: required(described.ARN),
      tags: Object.fromEntries((described.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
      versionIds: Object.keys(described.VersionIdsToStages ?? {}),
      scheduledForDeletion: described.DeletedDate !== undefined,
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw explainAwsError(error, { action: "DescribeSecret", secretName: secretId });
  }
}

export interface DeletionPolicy {
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

/** Schedules deletion (or deletes at once when forced). A secret that is already gone counts as deleted. */
export async function deleteResourceSecret(
  client: SecretsManagerClient,
  target: { secretId: string; name: string },
  policy: DeletionPolicy,
): Promise<void> {
  try {
    await client.send(
      new DeleteSecretCommand(
        policy.forceDeleteWithoutRecovery
          ? { SecretId: target.secretId, ForceDeleteWithoutRecovery: true }
          : {
              SecretId: target.secretId,
              RecoveryWindowInDays: policy.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS,
            },
      ),
    );
  } catch (error) {
    if (isNotFound(error) || isScheduledForDeletion(error)) return;
    throw explainAwsError(error, { action: "DeleteSecret", secretName: target.name });
  }
}

export const DEFAULT_RECOVERY_WINDOW_DAYS = 7;

function required(value: string | undefined): string {
  if (!value) throw new Error("keyway: Secrets Manager returned an incomplete response");
  return value;
}
