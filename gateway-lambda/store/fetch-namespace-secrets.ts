/**
 * Reads every secret of a namespace in as few Secrets Manager calls as possible: BatchGetSecretValue
 * with filters returns up to 20 values per call, so a namespace of n secrets costs ceil(n / 20) calls
 * (at least one).
 *
 * The filters: `name` = `keyway/<namespace>/` selects exactly one namespace (namespaces contain no
 * `/`, and the IAM grant covers the same prefix, so no other namespace's secret is even attempted);
 * `tag-key` + `tag-value` narrow it to keyway-tagged secrets. Every filter is a prefix match and the
 * entries carry no tags, so the caller still checks each entry's name and payload exactly.
 */
import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandOutput,
  type Filter,
  ListSecretsCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { namespacePrefix, TAG } from "../../contract/storage-layout";

/** BatchGetSecretValue's largest page. */
const BATCH_SIZE = 20;

export interface FetchedSecret {
  name: string;
  /** Undefined for a binary secret (keyway writes strings only). */
  secretString: string | undefined;
}

/** A secret Secrets Manager could not return (access denied, KMS decrypt failure, ...). */
export interface SecretReadError {
  secretId: string;
  errorCode: string;
  message: string;
}

export interface FetchedNamespace {
  secrets: FetchedSecret[];
  errors: SecretReadError[];
  /** Secrets Manager calls made. */
  calls: number;
  /** True when the filtered batch failed as a whole and the secrets were listed and read by id. */
  usedFallback: boolean;
}

export function namespaceFilters(namespace: string): Filter[] {
  return [
    { Key: "name", Values: [namespacePrefix(namespace)] },
    { Key: "tag-key", Values: [TAG.namespace] },
    { Key: "tag-value", Values: [namespace] },
  ];
}

export async function fetchNamespaceSecrets(
  client: SecretsManagerClient,
  namespace: string,
): Promise<FetchedNamespace> {
  const result: FetchedNamespace = { secrets: [], errors: [], calls: 0, usedFallback: false };
  try {
    let nextToken: string | undefined;
    do {
      result.calls++;
      const page = await client.send(
        new BatchGetSecretValueCommand({
          Filters: namespaceFilters(namespace),
          MaxResults: BATCH_SIZE,
          NextToken: nextToken,
        }),
      );
      collect(result, page);
      // A page may be empty and still carry a NextToken: only its absence ends the listing.
      nextToken = page.NextToken;
    } while (nextToken);
    return result;
  } catch (error) {
    if (!failsAsAWhole(error)) throw error;
    return fetchByIds(client, namespace, result.calls);
  }
}

/**
 * moto fails a filtered BatchGetSecretValue as a whole (InvalidRequestException) when one matching
 * secret is scheduled for deletion; AWS leaves such secrets out. ListSecrets skips them in both, and a
 * BatchGetSecretValue by id reports per-secret failures in `Errors`.
 */
function failsAsAWhole(error: unknown): boolean {
  return error instanceof Error && error.name === "InvalidRequestException";
}

async function fetchByIds(
  client: SecretsManagerClient,
  namespace: string,
  callsSoFar: number,
): Promise<FetchedNamespace> {
  const result: FetchedNamespace = { secrets: [], errors: [], calls: callsSoFar, usedFallback: true };
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    result.calls++;
    const page = await client.send(
      new ListSecretsCommand({ Filters: namespaceFilters(namespace), MaxResults: 100, NextToken: nextToken }),
    );
    for (const entry of page.SecretList ?? []) if (entry.Name) names.push(entry.Name);
    nextToken = page.NextToken;
  } while (nextToken);
  for (let start = 0; start < names.length; start += BATCH_SIZE) {
    result.calls++;
    const page = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: names.slice(start, start + BATCH_SIZE) }),
    );
    collect(result, page);
  }
  return result;
}

function collect(result: FetchedNamespace, page: BatchGetSecretValueCommandOutput): void {
  for (const entry of page.SecretValues ?? []) {
    if (entry.Name) result.secrets.push({ name: entry.Name, secretString: entry.SecretString });
  }
  for (const error of page.Errors ?? []) {
    result.errors.push({
      secretId: error.SecretId ?? "(unknown)",
      errorCode: error.ErrorCode ?? "(unknown)",
      message: error.Message ?? "",
    });
  }
}
