/**
 * Warnings `keyway validate` adds to the validator's: a configuration that allows everything, and a
 * rule that has no second key to fail over to. Valid configurations may do both on purpose, so they
 * never fail validation.
 */
import { type ConfigurationIssue, createIssue } from "../contract/configuration-issue";
import { isRecord, valueAt } from "../contract/json-value";
import { keyReferences } from "../contract/named-key-references";

/**
 * @example
 * adviseOnConfiguration({ name: "dev" })[0]?.message;
 * // 'is not set, so this configuration allows every provider and model; restrict access.providers.allow or access.models.allow'
 */
export function adviseOnConfiguration(configuration: Record<string, unknown>): ConfigurationIssue[] {
  return [...scopeAdvice(configuration), ...failoverAdvice(configuration)];
}

function scopeAdvice(configuration: Record<string, unknown>): ConfigurationIssue[] {
  const access = configuration.access;
  if (access === undefined || access === null) {
    return [
      createIssue(
        ["access"],
        "is not set, so this configuration allows every provider and model; restrict access.providers.allow or access.models.allow",
        "warning",
      ),
    ];
  }
  if (!isRecord(access)) return [];
  const restricted = ["providers", "models"].some((dimension) =>
    Array.isArray(valueAt(access, [dimension, "allow"])),
  );
  if (restricted) return [];
  return [
    createIssue(
      ["access"],
      "restricts neither providers nor models, so this configuration allows every provider and model; add providers.allow or models.allow",
      "warning",
    ),
  ];
}

/** A rule whose steps name one key in all: when that key fails, the request fails. */
function failoverAdvice(configuration: Record<string, unknown>): ConfigurationIssue[] {
  const keysByRule = new Map<number, Set<string>>();
  for (const reference of keyReferences(configuration)) {
    const ruleIndex = reference.location[2] as number;
    const { key, id } = reference.value;
    const name = typeof key === "string" ? key : typeof id === "string" ? id : undefined;
    const keys = keysByRule.get(ruleIndex) ?? new Set<string>();
    if (name !== undefined) keys.add(name);
    keysByRule.set(ruleIndex, keys);
  }
  const issues: ConfigurationIssue[] = [];
  for (const [ruleIndex, keys] of keysByRule) {
    if (keys.size !== 1) continue;
    const [only] = keys;
    issues.push(
      createIssue(
        ["router", "rules", ruleIndex],
        `only one key (${only}) serves this rule, so there is no failover when it fails; add a second key`,
        "warning",
      ),
    );
  }
  return issues;
}
