/**
 * Configurations whose rules name provider keys by a local name instead of a `kwpk_` id: the `keyway
 * serve` file (`{ id: openai-primary }`) and configuration files kept in a repository
 * (`{ key: openai-primary }`). They go through the one validator: each name is swapped for a stand-in
 * `kwpk_` id derived from it, and swapped back in the messages, so the messages stay the validator's.
 */
import { createHash } from "node:crypto";
import { type ConfigurationIssue, type Location, locationPointer } from "./configuration-issue";
import { ID_PREFIX, isResourceId } from "./ids";
import { isRecord, pointerLocation } from "./json-value";
import { tryParseModelReference } from "./model-reference";
import { validateConfiguration } from "./validate-configuration";

/** One `{ id }` or `{ key }` object in a rule's steps. */
export interface KeyReference {
  /** The object itself, as written. */
  value: Record<string, unknown>;
  /** Relative to the configuration: `["router", "rules", 0, "steps", 0, "keys", 1]`. */
  location: Location;
  /** The provider the rule routes, when the rule names one (its `provider`, else its model's). */
  ruleProvider: string | undefined;
}

/** Every key reference object of a configuration, in document order; anything malformed is skipped. */
export function keyReferences(configuration: unknown): KeyReference[] {
  const router = isRecord(configuration) ? configuration.router : undefined;
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

/** The provider a rule routes: its `provider`, else the provider of its `model`. */
export function providerOfRule(rule: Record<string, unknown>): string | undefined {
  if (typeof rule.provider === "string") return rule.provider;
  if (typeof rule.model !== "string") return undefined;
  const parsed = tryParseModelReference(rule.model);
  return parsed.ok ? parsed.value.provider : undefined;
}

/** A valid `kwpk_` id derived from a name, equal for equal names. */
export function standInKeyId(name: string): string {
  const digest = createHash("sha256").update(`keyway-serve-file:${name}`).digest();
  let body = "";
  for (const byte of digest.subarray(0, 26)) body += "abcdefghijklmnopqrstuvwxyz234567"[byte & 31];
  return ID_PREFIX.providerKey + body;
}

export interface NamedKeyOptions {
  /**
   * Where a reference holds its name. `"id"`: any `id` that is not a `kwpk_` id is a name (the serve
   * file). `"key"`: `{ key: name }` names a key, `{ id: "kwpk_..." }` stays an id (configuration files).
   */
  field: "id" | "key";
}

export interface NamedKeyValidation {
  ok: boolean;
  /** The validator's issues (warnings too), relative to the configuration, with names in place of stand-ins. */
  issues: ConfigurationIssue[];
}

/**
 * Runs `validateConfiguration` on a configuration with named key references. An issue about a swapped
 * `{ key }` reference points at its `key` field.
 *
 * @example
 * validateWithNamedKeys({ name: "prod", router: { rules: [{ provider: "openai", steps: [{ type: "user",
 *   keys: [{ key: "openai-primary" }, { key: "openai-primary" }] }] }] } }, { field: "key" }).issues[0]?.message;
 * // 'duplicate key "openai-primary" (also router.rules[0].steps[0].keys[0]); a step tries each key once'
 */
export function validateWithNamedKeys(
  configuration: Record<string, unknown>,
  options: NamedKeyOptions,
): NamedKeyValidation {
  const names = new Map<string, string>();
  const keyFields = new Set<string>();
  const copy = structuredClone(configuration);
  for (const reference of keyReferences(copy)) {
    const key = reference.value;
    if (options.field === "key") {
      if (typeof key.key !== "string" || "id" in key) continue;
      const { key: name, ...rest } = key;
      for (const field of Object.keys(key)) delete key[field];
      Object.assign(key, { id: standInKeyId(name) }, rest);
      names.set(standInKeyId(name), name);
      keyFields.add(locationPointer([...reference.location, "id"]));
    } else {
      if (typeof key.id !== "string" || isResourceId("providerKey", key.id)) continue;
      names.set(standInKeyId(key.id), key.id);
      key.id = standInKeyId(key.id);
    }
  }
  const result = validateConfiguration(copy);
  const found = result.ok ? result.warnings : result.issues;
  const issues = found.map((issue) => {
    let message = issue.message;
    for (const [standIn, name] of names) message = message.replaceAll(standIn, name);
    if (!keyFields.has(issue.pointer)) return { ...issue, message };
    const location = [...pointerLocation(copy, issue.pointer).slice(0, -1), "key"];
    const path = issue.path.replace(/\.id$/, ".key");
    return { ...issue, path, pointer: locationPointer(location), message };
  });
  return { ok: result.ok, issues };
}
