/**
 * ProviderKey: an upstream API key stored as one secret. Rotating the value writes a new version of
 * the same secret: the id never changes, and AWSPREVIOUS keeps the old value.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PROVIDER_ID_PATTERN } from "../../contract/builtin-providers";
import { redactKey } from "../../contract/redact";
import { type ProviderKeyPayload, TAG } from "../../contract/storage-layout";
import { type CheckFailure, type CommonInputs, checkString, compact, isUnknown } from "./inputs";
import {
  createSecretBackedProvider,
  type ResourceSpec,
  type SecretBackedProvider,
} from "./secret-backed-provider";
import { defaultSecretsManagerClient } from "./secrets-manager-client";

export interface ProviderKeyInputs extends CommonInputs {
  providerId: string;
  name: string;
  value: string;
  description?: string;
  metadata?: string;
}

/** Room left in a 64 KiB secret for the JSON envelope around the key. */
const MAX_VALUE_BYTES = 60_000;

export const providerKeySpec: ResourceSpec<ProviderKeyInputs, ProviderKeyPayload, Record<string, never>> = {
  kind: "providerKey",
  replace: ["providerId", "namespace"],
  update: [
    "name",
    "description",
    "metadata",
    "value",
    "kmsKeyId",
    "recoveryWindowInDays",
    "forceDeleteWithoutRecovery",
  ],

  checkInputs(news, failures) {
    checkString(
      news,
      "providerId",
      {
        required: true,
        pattern: PROVIDER_ID_PATTERN,
        expected: 'provider ids are lowercase letters, digits and "-", e.g. "openai"',
      },
      failures,
    );
    checkString(news, "name", { required: true, maxLength: 255 }, failures);
    checkString(news, "description", { maxLength: 255 }, failures);
    checkString(news, "metadata", { maxLength: 4096 }, failures);
    checkKeyValue(news.value, failures);
    return compact({
      providerId: news.providerId,
      name: news.name,
      value: news.value,
      description: news.description ?? undefined,
      metadata: news.metadata ?? undefined,
    });
  },

  generate: () => ({}),
  generatedFrom: () => ({}),

  payload: (id, inputs) => ({
    schemaVersion: 1,
    kind: "provider-key",
    id,
    providerId: inputs.providerId,
    name: inputs.name,
    description: inputs.description ?? null,
    metadata: inputs.metadata ?? null,
    value: inputs.value,
  }),

  description: (inputs) => `keyway provider key "${inputs.name}" for ${inputs.providerId}`,
  tags: (inputs) => ({ [TAG.provider]: inputs.providerId }),
  derivedOutputs: (inputs) => ({ keyRedacted: redactKey(inputs.value) }),

  inputsFromPayload(payload, id) {
    const stored = payload as Partial<ProviderKeyPayload> | undefined;
    if (stored?.kind !== "provider-key" || stored.id !== id || typeof stored.value !== "string")
      return undefined;
    return compact({
      providerId: String(stored.providerId),
      name: String(stored.name),
      value: stored.value,
      description: stored.description ?? undefined,
      metadata: stored.metadata ?? undefined,
    });
  },
};

/**
 * Problems with the value are reported under an empty property: the Pulumi CLI prints the value of
 * a secret input that a failure names. Messages never include the value.
 */
function checkKeyValue(value: unknown, failures: CheckFailure[]): void {
  if (value === undefined || value === null || value === "") {
    failures.push({
      property: "",
      reason: "value: is required (the provider's API key, as a Pulumi secret)",
    });
  } else if (isUnknown(value)) {
    return;
  } else if (typeof value !== "string") {
    failures.push({ property: "", reason: "value: must be a string" });
  } else if (/\s/.test(value)) {
    failures.push({
      property: "",
      reason: "value: contains whitespace; set the key without spaces or newlines",
    });
  } else if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
    failures.push({ property: "", reason: `value: is longer than ${MAX_VALUE_BYTES} bytes` });
  }
}

export function createProviderKeyProvider(
  client: () => SecretsManagerClient = defaultSecretsManagerClient,
): SecretBackedProvider {
  return createSecretBackedProvider(providerKeySpec, client);
}
