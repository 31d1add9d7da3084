/**
 * The `configurations` section: each entry is `{ id, ...configuration }`, the configuration in
 * ngrok.ai's shape, checked by the same validator as the Pulumi provider's. Keys are referenced by
 * their ids in this file, which need not be `kwpk_...` ids: see contract/named-key-references.ts.
 */
import { PROVIDER_ID_PATTERN } from "../../../contract/builtin-providers";
import {
  type ConfigurationIssue,
  createIssue,
  type Location,
  locationPath,
} from "../../../contract/configuration-issue";
import type { AccessKeyConfiguration } from "../../../contract/configuration-types";
import { isRecord, pointerLocation } from "../../../contract/json-value";
import { keyReferences, providerOfRule, validateWithNamedKeys } from "../../../contract/named-key-references";
import type { ConfigurationRecord } from "../gateway-store";
import { type Entry, readId } from "./field-checks";
import { IdRegistry } from "./file-ids";
import {
  otherProviderKeyMessage,
  unknownProviderMessage,
  unknownReferenceMessage,
} from "./reference-messages";

export interface ConfigurationContext {
  /** Provider key ids declared in the file, with their provider when it is valid. */
  providerKeys: ReadonlyMap<string, string | undefined>;
  providerIds: readonly string[];
}

export function checkConfigurations(
  entries: readonly Entry[],
  context: ConfigurationContext,
  issues: ConfigurationIssue[],
): ConfigurationRecord[] {
  const registry = new IdRegistry(issues);
  const records: ConfigurationRecord[] = [];
  for (const entry of entries) {
    const id = readId(entry, issues, true);
    const claimed = id !== undefined && registry.claim(id, [...entry.location, "id"], false);
    const { id: _, ...configuration } = entry.value;
    const valid = validateWithStandIns(configuration, entry.location, issues);
    const referencesValid = checkReferences(configuration, entry.location, context, issues);
    if (claimed && valid && referencesValid) {
      records.push({ id, configuration: configuration as unknown as AccessKeyConfiguration });
    }
  }
  return records;
}

/** Runs the contract validator with the file's key ids; its issues are re-rooted at the entry. */
function validateWithStandIns(
  configuration: Record<string, unknown>,
  location: Location,
  issues: ConfigurationIssue[],
): boolean {
  const result = validateWithNamedKeys(configuration, { field: "id" });
  for (const issue of result.issues) {
    // "(also router.rules[0])" points inside this configuration: say which one.
    const message = issue.message.replaceAll("(also ", `(also ${locationPath(location)}.`);
    const at = [...location, ...pointerLocation(configuration, issue.pointer)];
    issues.push(createIssue(at, message, issue.severity));
  }
  return result.ok;
}

/** Every referenced key exists in this file and belongs to the rule's provider; rule providers exist. */
function checkReferences(
  configuration: Record<string, unknown>,
  location: Location,
  context: ConfigurationContext,
  issues: ConfigurationIssue[],
): boolean {
  const before = issues.length;
  checkRuleProviders(configuration, location, context.providerIds, issues);
  const knownKeys = [...context.providerKeys.keys()];
  for (const reference of keyReferences(configuration)) {
    const id = reference.value.id;
    if (typeof id !== "string") continue;
    const at = [...location, ...reference.location, "id"];
    if (!context.providerKeys.has(id)) {
      issues.push(createIssue(at, unknownReferenceMessage("provider key", id, knownKeys, "providerKeys")));
      continue;
    }
    const keyProvider = context.providerKeys.get(id);
    const ruleProvider = reference.ruleProvider;
    if (
      keyProvider !== undefined &&
      ruleProvider !== undefined &&
      context.providerIds.includes(ruleProvider) &&
      keyProvider !== ruleProvider
    ) {
      issues.push(createIssue(at, otherProviderKeyMessage(id, keyProvider, ruleProvider)));
    }
  }
  return issues.slice(before).every((issue) => issue.severity !== "error");
}

function checkRuleProviders(
  configuration: Record<string, unknown>,
  location: Location,
  providerIds: readonly string[],
  issues: ConfigurationIssue[],
): void {
  const router = configuration.router;
  if (!isRecord(router) || !Array.isArray(router.rules)) return;
  router.rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    const provider = providerOfRule(rule);
    // An id that is not even well-formed is the validator's to report.
    if (provider === undefined || !PROVIDER_ID_PATTERN.test(provider) || providerIds.includes(provider))
      return;
    const field = typeof rule.provider === "string" ? "provider" : "model";
    issues.push(
      createIssue(
        [...location, "router", "rules", index, field],
        unknownProviderMessage(provider, providerIds),
      ),
    );
  });
}
