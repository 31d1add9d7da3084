import { randomBytes } from "node:crypto";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

/** A client for the moto_server started by test/setup/start-moto.ts (through AWS_ENDPOINT_URL). */
export function motoClient(): SecretsManagerClient {
  return new SecretsManagerClient({});
}

/** A namespace no other test uses, so tests share one moto without resetting it. */
export function uniqueNamespace(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

export async function secretString(client: SecretsManagerClient, secretId: string, stage = "AWSCURRENT") {
  const value = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return value.SecretString ?? "";
}

export async function describeSecret(client: SecretsManagerClient, secretId: string) {
  return client.send(new DescribeSecretCommand({ SecretId: secretId }));
}

/** Every secret of a namespace, including those scheduled for deletion. */
export async function listNamespaceSecrets(client: SecretsManagerClient, namespace: string) {
  const listed = await client.send(
    new ListSecretsCommand({
      IncludePlannedDeletion: true,
      Filters: [{ Key: "name", Values: [`keyway/${namespace}/`] }],
    }),
  );
  return listed.SecretList ?? [];
}
