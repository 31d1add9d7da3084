/**
 * The storage layout in AWS Secrets Manager: the contract between the Pulumi provider (writer) and the
 * gateway (reader). One secret per resource, named `keyway/<namespace>/<collection>/<id>`, tagged with
 * kind, namespace and id, holding versioned JSON. Changing anything here is a breaking change for
 * deployed gateways: add a new `schemaVersion` instead.
 */
import type { AccessKeyConfiguration } from "./configuration-types";
import type { ResourceKind } from "./ids";

export const SECRET_NAME_ROOT = "keyway";
export const PAYLOAD_SCHEMA_VERSION = 1;

/** Namespace: what one gateway serves. No `/`, so `keyway/<namespace>/` prefixes never overlap. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9_+=.@-]{1,64}$/;

export const COLLECTION: Record<ResourceKind, string> = {
  providerKey: "provider-keys",
  configuration: "configurations",
  accessKey: "access-keys",
};

/** The value of the `keyway:kind` tag and of a payload's `kind` field. */
export const KIND_TAG_VALUE: Record<ResourceKind, PayloadKind> = {
  providerKey: "provider-key",
  configuration: "access-key-configuration",
  accessKey: "access-key",
};

export const TAG = {
  kind: "keyway:kind",
  namespace: "keyway:namespace",
  id: "keyway:id",
  /** On provider keys only: the provider the key belongs to. */
  provider: "keyway:provider",
  managedBy: "keyway:managed-by",
} as const;

export type PayloadKind = "provider-key" | "access-key-configuration" | "access-key";

export function secretName(namespace: string, kind: ResourceKind, id: string): string {
  return `${SECRET_NAME_ROOT}/${namespace}/${COLLECTION[kind]}/${id}`;
}

/** The prefix every secret of a namespace starts with; IAM grants use `<prefix>*`. */
export function namespacePrefix(namespace: string): string {
  return `${SECRET_NAME_ROOT}/${namespace}/`;
}

export interface ProviderKeyPayload {
  schemaVersion: 1;
  kind: "provider-key";
  id: string;
  providerId: string;
  name: string;
  description: string | null;
  metadata: string | null;
  /** The upstream API key. The only plaintext secret keyway stores. */
  value: string;
}

export interface ConfigurationPayload {
  schemaVersion: 1;
  kind: "access-key-configuration";
  id: string;
  configuration: AccessKeyConfiguration;
}

export interface AccessKeyPayload {
  schemaVersion: 1;
  kind: "access-key";
  id: string;
  name: string;
  description: string | null;
  /** null: ngrok.ai's default, every provider and model allowed, routed to the namespace's keys. */
  configurationId: string | null;
  /** Lowercase hex SHA-256 of the token. The token itself is never stored in AWS. */
  tokenSha256: string;
  /** ISO 8601 instant after which the key is rejected, or null. */
  expiresAt: string | null;
  disabled: boolean;
}

export type SecretPayload = ProviderKeyPayload | ConfigurationPayload | AccessKeyPayload;
