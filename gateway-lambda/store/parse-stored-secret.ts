/**
 * Turns one secret of the namespace into a record, or says why it is skipped. Nothing here trusts the
 * filters: the name must be `keyway/<namespace>/<collection>/<id>` exactly, and the payload's `kind`
 * and `id` must agree with it. Reasons never contain a payload value.
 */
import { PROVIDER_ID_PATTERN } from "../../contract/builtin-providers";
import { formatIssue } from "../../contract/configuration-issue";
import { isResourceId, type ResourceKind } from "../../contract/ids";
import { isRecord } from "../../contract/json-value";
import {
  COLLECTION,
  KIND_TAG_VALUE,
  namespacePrefix,
  PAYLOAD_SCHEMA_VERSION,
} from "../../contract/storage-layout";
import { validateConfiguration } from "../../contract/validate-configuration";
import type { AccessKeyRecord, ConfigurationRecord, ProviderKeyRecord } from "./gateway-store";

export type ParsedSecret =
  | { kind: "providerKey"; record: ProviderKeyRecord }
  | { kind: "configuration"; record: ConfigurationRecord }
  | { kind: "accessKey"; record: AccessKeyRecord }
  /** Not this namespace's (a prefix-sharing name): dropped silently. */
  | { kind: "foreign" }
  | { kind: "skipped"; id?: string; reason: string; issues?: string[] };

const KIND_BY_COLLECTION = new Map(
  Object.entries(COLLECTION).map(([kind, collection]) => [collection, kind as ResourceKind]),
);
const TOKEN_SHA256 = /^[0-9a-f]{64}$/;

export function parseStoredSecret(
  namespace: string,
  name: string,
  secretString: string | undefined,
): ParsedSecret {
  const prefix = namespacePrefix(namespace);
  if (!name.startsWith(prefix)) return { kind: "foreign" };
  const [collection, id, ...rest] = name.slice(prefix.length).split("/");
  const kind = KIND_BY_COLLECTION.get(collection ?? "");
  if (kind === undefined || id === undefined || rest.length > 0 || !isResourceId(kind, id)) {
    return { kind: "skipped", reason: "the name is not keyway/<namespace>/<collection>/<id>" };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(secretString ?? "");
  } catch {
    return { kind: "skipped", id, reason: "the value is not JSON" };
  }
  if (!isRecord(payload)) return { kind: "skipped", id, reason: "the value is not a JSON object" };
  if (payload.schemaVersion !== PAYLOAD_SCHEMA_VERSION) {
    const version = JSON.stringify(payload.schemaVersion) ?? "none";
    return {
      kind: "skipped",
      id,
      reason: `schemaVersion ${version} is not supported (this gateway reads ${PAYLOAD_SCHEMA_VERSION}); upgrade the gateway`,
    };
  }
  if (payload.kind !== KIND_TAG_VALUE[kind] || payload.id !== id) {
    return {
      kind: "skipped",
      id,
      reason: `the payload's kind and id do not match the name (${collection}/${id})`,
    };
  }
  switch (kind) {
    case "providerKey":
      return parseProviderKey(id, payload);
    case "configuration":
      return parseConfiguration(id, payload);
    case "accessKey":
      return parseAccessKey(id, payload);
  }
}

function parseProviderKey(id: string, payload: Record<string, unknown>): ParsedSecret {
  const { providerId, name, value } = payload;
  if (typeof providerId !== "string" || !PROVIDER_ID_PATTERN.test(providerId)) {
    return { kind: "skipped", id, reason: "providerId is missing or not a provider id" };
  }
  if (typeof name !== "string") return { kind: "skipped", id, reason: "name is missing" };
  if (typeof value !== "string" || value === "") return { kind: "skipped", id, reason: "value is missing" };
  return { kind: "providerKey", record: { id, providerId, name, value } };
}

function parseConfiguration(id: string, payload: Record<string, unknown>): ParsedSecret {
  const result = validateConfiguration(payload.configuration);
  if (!result.ok) {
    const issues = result.issues.filter((issue) => issue.severity === "error").map(formatIssue);
    return { kind: "skipped", id, reason: "the configuration is invalid", issues };
  }
  return { kind: "configuration", record: { id, configuration: result.value } };
}

function parseAccessKey(id: string, payload: Record<string, unknown>): ParsedSecret {
  const { name, configurationId, tokenSha256, expiresAt, disabled } = payload;
  const skip = (reason: string): ParsedSecret => ({ kind: "skipped", id, reason });
  if (typeof name !== "string") return skip("name is missing");
  if (configurationId !== null && !isResourceId("configuration", configurationId)) {
    return skip("configurationId is neither null nor a configuration id");
  }
  if (typeof tokenSha256 !== "string" || !TOKEN_SHA256.test(tokenSha256)) {
    return skip("tokenSha256 is not a lowercase hex SHA-256");
  }
  if (expiresAt !== null && (typeof expiresAt !== "string" || Number.isNaN(Date.parse(expiresAt)))) {
    return skip("expiresAt is neither null nor an ISO 8601 instant");
  }
  if (typeof disabled !== "boolean") return skip("disabled is not a boolean");
  return {
    kind: "accessKey",
    record: { id, name, configurationId, tokenSha256, expiresAt, disabled },
  };
}
