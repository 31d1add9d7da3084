/**
 * AccessKeyConfiguration: which providers and models an access key may use, and the ordered
 * routing and failover rules, stored as one secret. Create and update also check that every key a
 * rule names exists in the namespace and belongs to the rule's provider.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { parseModelReference } from "../../contract/model-reference";
import { type ConfigurationPayload, secretName, TAG } from "../../contract/storage-layout";
import { formatIssue, validateConfiguration } from "../../contract/validate-configuration";
import { type CommonInputs, compact, UNKNOWN } from "./inputs";
import { describeResourceSecret } from "./resource-secret";
import {
  createSecretBackedProvider,
  type ResourceSpec,
  type SecretBackedProvider,
} from "./secret-backed-provider";
import { defaultSecretsManagerClient } from "./secrets-manager-client";

export type AccessKeyConfigurationInputs = CommonInputs & AccessKeyConfiguration;

const CONFIGURATION_FIELDS = ["name", "description", "metadata", "access", "router", "timeouts"] as const;

function configurationOf(source: Record<string, unknown>): Record<string, unknown> {
  const configuration: Record<string, unknown> = {};
  for (const field of CONFIGURATION_FIELDS) {
    if (source[field] !== undefined && source[field] !== null) configuration[field] = source[field];
  }
  return configuration;
}

export const accessKeyConfigurationSpec: ResourceSpec<
  AccessKeyConfigurationInputs,
  ConfigurationPayload,
  Record<string, never>
> = {
  kind: "configuration",
  replace: ["namespace"],
  update: [...CONFIGURATION_FIELDS, "kmsKeyId", "recoveryWindowInDays", "forceDeleteWithoutRecovery"],

  checkInputs(news, failures) {
    const configuration = configurationOf(news);
    const result = validateConfiguration(configuration, { unknownSentinel: UNKNOWN });
    if (!result.ok) {
      for (const issue of result.issues) {
        if (issue.severity === "error") failures.push({ property: issue.path, reason: formatIssue(issue) });
      }
      return compact(configuration);
    }
    return compact(result.value as unknown as Record<string, unknown>);
  },

  generate: () => ({}),
  generatedFrom: () => ({}),

  payload: (id, inputs) => ({
    schemaVersion: 1,
    kind: "access-key-configuration",
    id,
    configuration: configurationOf(
      inputs as unknown as Record<string, unknown>,
    ) as unknown as AccessKeyConfiguration,
  }),

  description: (inputs) => `keyway access-key configuration "${inputs.name}"`,
  derivedOutputs: () => ({}),

  async validateReferences(client, inputs) {
    const problems = await findKeyReferenceProblems(client, inputs);
    if (problems.length > 0) {
      throw new Error(
        `keyway: configuration "${inputs.name}" references provider keys it cannot use:\n${problems.join("\n")}`,
      );
    }
  },

  inputsFromPayload(payload, id) {
    const stored = payload as Partial<ConfigurationPayload> | undefined;
    if (stored?.kind !== "access-key-configuration" || stored.id !== id || !stored.configuration)
      return undefined;
    return stored.configuration as AccessKeyConfiguration;
  },
};

/** Every referenced key must exist in the namespace (not scheduled for deletion) and serve the rule's provider. */
async function findKeyReferenceProblems(
  client: SecretsManagerClient,
  inputs: AccessKeyConfigurationInputs,
): Promise<string[]> {
  const references = (inputs.router?.rules ?? []).flatMap((rule, ruleIndex) => {
    const provider = rule.provider ?? (rule.model ? parseModelReference(rule.model).provider : undefined);
    return rule.steps.flatMap((step, stepIndex) =>
      (step.keys ?? []).map((key, keyIndex) => ({
        path: `router.rules[${ruleIndex}].steps[${stepIndex}].keys[${keyIndex}].id`,
        id: key.id,
        provider,
      })),
    );
  });
  const lookups = new Map<string, ReturnType<typeof describeResourceSecret>>();
  for (const { id } of references) {
    if (!lookups.has(id))
      lookups.set(id, describeResourceSecret(client, secretName(inputs.namespace, "providerKey", id)));
  }
  const problems: string[] = [];
  for (const reference of references) {
    const found = await lookups.get(reference.id);
    if (!found || found.scheduledForDeletion || found.tags[TAG.kind] !== "provider-key") {
      problems.push(
        `${reference.path}: provider key ${reference.id} does not exist in namespace "${inputs.namespace}"` +
          `${found?.scheduledForDeletion ? " (it is scheduled for deletion)" : ""}; reference the id of a keyway.ProviderKey in the same namespace`,
      );
    } else if (reference.provider && found.tags[TAG.provider] !== reference.provider) {
      problems.push(
        `${reference.path}: provider key ${reference.id} is a "${found.tags[TAG.provider]}" key, but this rule routes ` +
          `"${reference.provider}"; use a key of that provider`,
      );
    }
  }
  return problems;
}

export function createAccessKeyConfigurationProvider(
  client: () => SecretsManagerClient = defaultSecretsManagerClient,
): SecretBackedProvider {
  return createSecretBackedProvider(accessKeyConfigurationSpec, client);
}
