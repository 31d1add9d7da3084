/**
 * AccessKey: what an app sends to the gateway. The token is made here at create (256 random bits),
 * returned once as a secret output, and stored in AWS only as its SHA-256 hash. There is no rotate:
 * as in ngrok.ai, create a new key, move the app, delete the old one.
 */
import { randomBytes } from "node:crypto";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isResourceId } from "../../contract/ids";
import { redactKey } from "../../contract/redact";
import { type AccessKeyPayload, secretName } from "../../contract/storage-layout";
import { hashToken, sameDigest } from "../../contract/token-hash";
import { type CheckFailure, type CommonInputs, checkString, compact, isUnknown } from "./inputs";
import { describeResourceSecret } from "./resource-secret";
import {
  createSecretBackedProvider,
  type ResourceSpec,
  type SecretBackedProvider,
} from "./secret-backed-provider";
import { defaultSecretsManagerClient } from "./secrets-manager-client";

export const ACCESS_KEY_TOKEN_PREFIX = "kw-";

export interface AccessKeyInputs extends CommonInputs {
  name: string;
  description?: string;
  configurationId?: string;
  /** ISO 8601 instant, normalized by check to `toISOString()` form. */
  expiresAt?: string;
  disabled?: boolean;
}

interface Generated {
  token: string;
}

/** `kw-` + 32 random bytes in base64url: 256 bits of entropy. */
export function createAccessKeyToken(): string {
  return ACCESS_KEY_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export const accessKeySpec: ResourceSpec<AccessKeyInputs, AccessKeyPayload, Generated> = {
  kind: "accessKey",
  replace: ["namespace"],
  update: [
    "name",
    "description",
    "configurationId",
    "expiresAt",
    "disabled",
    "kmsKeyId",
    "recoveryWindowInDays",
    "forceDeleteWithoutRecovery",
  ],
  // The payload stores `disabled: false` for both, and refresh reads an enabled key back without it.
  defaults: { disabled: false },

  checkInputs(news, failures) {
    checkString(news, "name", { required: true, maxLength: 255 }, failures);
    checkString(news, "description", { maxLength: 255 }, failures);
    const configurationId = news.configurationId;
    if (configurationId !== undefined && configurationId !== null && !isUnknown(configurationId)) {
      if (!isResourceId("configuration", configurationId)) {
        failures.push({
          property: "configurationId",
          reason: `configurationId: ${JSON.stringify(configurationId)} is not a keyway configuration id; use an AccessKeyConfiguration's id output (kwac_...), or omit it to allow every provider and model`,
        });
      }
    }
    const disabled = news.disabled;
    if (
      disabled !== undefined &&
      disabled !== null &&
      !isUnknown(disabled) &&
      typeof disabled !== "boolean"
    ) {
      failures.push({
        property: "disabled",
        reason: `disabled: must be true or false, got ${JSON.stringify(disabled)}`,
      });
    }
    return compact({
      name: news.name,
      description: news.description ?? undefined,
      configurationId: configurationId ?? undefined,
      expiresAt: normalizeExpiry(news.expiresAt, failures),
      disabled: disabled ?? undefined,
    });
  },

  generate: () => ({ token: createAccessKeyToken() }),
  generatedFrom: (outputs) => ({ token: String(outputs.token ?? "") }),

  payload: (id, inputs, generated) => ({
    schemaVersion: 1,
    kind: "access-key",
    id,
    name: inputs.name,
    description: inputs.description ?? null,
    configurationId: inputs.configurationId ?? null,
    tokenSha256: hashToken(generated.token),
    expiresAt: inputs.expiresAt ?? null,
    disabled: inputs.disabled ?? false,
  }),

  description: (inputs) => `keyway access key "${inputs.name}"`,
  derivedOutputs: (_inputs, generated) => ({ keyRedacted: redactKey(generated.token) }),

  async validateReferences(client, inputs) {
    if (!inputs.configurationId) return;
    const name = secretName(inputs.namespace, "configuration", inputs.configurationId);
    const found = await describeResourceSecret(client, name);
    if (!found || found.scheduledForDeletion) {
      throw new Error(
        `keyway: access key "${inputs.name}": configurationId ${inputs.configurationId} does not exist in namespace ` +
          `"${inputs.namespace}"${found ? " (it is scheduled for deletion)" : ""}; use the id of an AccessKeyConfiguration in the same namespace`,
      );
    }
  },

  inputsFromPayload(payload, id, generated) {
    const stored = payload as Partial<AccessKeyPayload> | undefined;
    if (stored?.kind !== "access-key" || stored.id !== id || typeof stored.tokenSha256 !== "string")
      return undefined;
    // A hash that no longer matches the token in state means the key was changed outside Pulumi.
    if (!sameDigest(stored.tokenSha256, hashToken(generated.token))) return undefined;
    return compact({
      name: String(stored.name),
      description: stored.description ?? undefined,
      configurationId: stored.configurationId ?? undefined,
      expiresAt: stored.expiresAt ?? undefined,
      disabled: stored.disabled === true ? true : undefined,
    });
  },
};

function normalizeExpiry(value: unknown, failures: CheckFailure[]): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isUnknown(value)) return value as string;
  const instant =
    typeof value === "string" && /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? new Date(value) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) {
    failures.push({
      property: "expiresAt",
      reason: `expiresAt: ${JSON.stringify(value)} is not an ISO 8601 instant with a time zone; use e.g. "2027-01-31T00:00:00Z"`,
    });
    return undefined;
  }
  return instant.toISOString();
}

export function createAccessKeyProvider(
  client: () => SecretsManagerClient = defaultSecretsManagerClient,
): SecretBackedProvider {
  return createSecretBackedProvider(accessKeySpec, client);
}
