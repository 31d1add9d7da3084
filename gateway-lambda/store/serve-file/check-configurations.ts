/**
 * The `configurations` section: each entry is `{ id, ...configuration }`, the configuration in
 * ngrok.ai's shape, checked by the same validator as the Pulumi provider's. Keys are referenced by
 * their ids in this file, which need not be `kwpk_...` ids: for the validator, each reference is
 * swapped for a stand-in `kwpk_` id derived from it, and swapped back in its messages.
 */
import { createHash } from "node:crypto";
import { PROVIDER_ID_PATTERN } from "../../../contract/builtin-providers";
import {
  type ConfigurationIssue,
  createIssue,
  display,
  type Location,
  locationPath,
} from "../../../contract/configuration-issue";
import type { AccessKeyConfiguration } from "../../../contract/configuration-types";
import { ID_PREFIX, isResourceId } from "../../../contract/ids";
import { isRecord, pointerLocation } from "../../../contract/json-value";
import { tryParseModelReference } from "../../../contract/model-reference";
import { validateConfiguration } from "../../../contract/validate-configuration";
import type { ConfigurationRecord } from "../gateway-store";
import { type Entry, readId } from "./field-checks";
import { IdRegistry } from "./file-ids";
import { unknownProviderMessage, unknownReferenceMessage } from "./reference-messages";

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

/** Runs the contract validator with stand-in key ids; its issues are re-rooted at the entry. */
function validateWithStandIns(
  configuration: Record<string, unknown>,
  location: Location,
  issues: ConfigurationIssue[],
): boolean {
  const standIns = new Map<string, string>();
  const copy = structuredClone(configuration);
  for (const key of keyReferences(copy)) {
    const id = key.value.id;
    if (typeof id !== "string" || isResourceId("providerKey", id)) continue;
    const standIn = standInId(id);
    standIns.set(standIn, id);
    key.value.id = standIn;
  }
  const result = validateConfiguration(copy);
  const found = result.ok ? result.warnings : result.issues;
  for (const issue of found) {
    // "(also router.rules[0])" points inside this configuration: say which one.
    let message = issue.message.replaceAll("(also ", `(also ${locationPath(location)}.`);
    for (const [standIn, id] of standIns) message = message.replaceAll(standIn, id);
    issues.push(createIssue([...location, ...pointerLocation(copy, issue.pointer)], message, issue.severity));
  }
  return result.ok;
}

function standInId(id: string): string {
  const digest = createHash("sha256").update(`keyway-serve-file:${id}`).digest();
  let body = "";
  for (const byte of digest.subarray(0, 26)) body += "abcdefghijklmnopqrstuvwxyz234567"[byte & 31];
  return ID_PREFIX.providerKey + body;
}

interface KeyReference {
  value: Record<string, unknown>;
  /** Relative to the configuration. */
  location: Location;
  /** The provider the rule routes, when the rule names a valid one. */
  ruleProvider: string | undefined;
}

function keyReferences(configuration: Record<string, unknown>): KeyReference[] {
  const router = configuration.router;
  const rules = isRecord(router) && Array.isArray(router.rules) ? router.rules : [];
  const references: KeyReference[] = [];
  rules.forEach((rule: unknown, ruleIndex) => {
    if (!isRecord(rule) || !Array.isArray(rule.steps)) return;
    const ruleProvider = providerOfRule(rule);
    rule.steps.forEach((step: unknown, stepIndex) => {
      if (!isRecord(step) || !Array.isArray(step.keys)) return;
      step.keys.forEach((key: unknown, keyIndex) => {
        if (!isRecord(key)) return;
        const location = ["router", "rules", ruleIndex, "steps", stepIndex, "keys", keyIndex];
        references.push({ value: key, location, ruleProvider });
      });
    });
  });
  return references;
}

function providerOfRule(rule: Record<string, unknown>): string | undefined {
  if (typeof rule.provider === "string") return rule.provider;
  if (typeof rule.model !== "string") return undefined;
  const parsed = tryParseModelReference(rule.model);
  return parsed.ok ? parsed.value.provider : undefined;
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
      const message = `provider key ${display(id)} is a ${display(keyProvider)} key, but this rule routes ${display(ruleProvider)}; use a key of that provider`;
      issues.push(createIssue(at, message));
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
