/**
 * A configuration as `keyway diff` compares it: what decides traffic, with the spelling taken out, so
 * two files that route the same way compare equal (key order, quoting, comments, flow or block style,
 * `openai/gpt-4o` or `openai:gpt-4o`, `60s` or `60000ms`, an explicit `keySelectionStrategy: ordered`).
 */

import { parseDurationMs } from "../contract/duration";
import { isRecord, valueAt } from "../contract/json-value";
import { formatModelReference, modelReferenceKey, tryParseModelReference } from "../contract/model-reference";

export const TIMEOUT_NAMES = ["perAttempt", "total", "firstToken", "streamIdle"] as const;
export type TimeoutName = (typeof TIMEOUT_NAMES)[number];

/** An allow-list entry: `key` compares, `label` is shown. */
export interface Entry {
  key: string;
  label: string;
}

export interface RuleView {
  /** Equal for rules that serve the same requests: `provider openai`, `model openai:gpt-4o`. */
  identity: string;
  /** How a change names the rule: `openai`, `openai:gpt-4o`. */
  label: string;
  /** The provider it routes, when known. */
  provider: string | undefined;
  isModelRule: boolean;
  /** Key names (or ids) per step, in order. */
  steps: string[][];
}

export interface RoutingView {
  name: string | undefined;
  description: string | undefined;
  metadata: string | undefined;
  hasAccess: boolean;
  /** `undefined`: every provider allowed. */
  providers: Entry[] | undefined;
  /** `undefined`: every model allowed. */
  models: Entry[] | undefined;
  rules: RuleView[];
  timeouts: Partial<Record<TimeoutName, Entry>>;
}

/** Reads what it can from a configuration as written; malformed parts are left out, not reported. */
export function viewOf(configuration: unknown): RoutingView {
  const text = (field: string) => {
    const value = valueAt(configuration, [field]);
    return typeof value === "string" ? value : undefined;
  };
  const timeouts: Partial<Record<TimeoutName, Entry>> = {};
  for (const name of TIMEOUT_NAMES) {
    const value = valueAt(configuration, ["timeouts", name]);
    if (typeof value === "string")
      timeouts[name] = { key: String(parseDurationMs(value) ?? value), label: value };
  }
  return {
    name: text("name"),
    description: text("description"),
    metadata: text("metadata"),
    hasAccess: isRecord(valueAt(configuration, ["access"])),
    providers: allowList(valueAt(configuration, ["access", "providers", "allow"]), (entry) => ({
      key: entry,
      label: entry,
    })),
    models: allowList(valueAt(configuration, ["access", "models", "allow"]), modelEntry),
    rules: rulesOf(valueAt(configuration, ["router", "rules"])),
    timeouts,
  };
}

function allowList(list: unknown, entry: (value: string) => Entry): Entry[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const entries = new Map<string, Entry>();
  for (const value of list) {
    if (typeof value !== "string") continue;
    const made = entry(value);
    if (!entries.has(made.key)) entries.set(made.key, made);
  }
  return [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function modelEntry(reference: string): Entry {
  const parsed = tryParseModelReference(reference);
  if (!parsed.ok) return { key: reference, label: reference };
  return { key: modelReferenceKey(parsed.value), label: formatModelReference(parsed.value) };
}

function rulesOf(rules: unknown): RuleView[] {
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: unknown, index): RuleView[] => {
    if (!isRecord(rule)) return [];
    const steps = Array.isArray(rule.steps) ? rule.steps.map(keysOfStep) : [];
    const provider = typeof rule.provider === "string" ? rule.provider : undefined;
    if (typeof rule.model === "string") {
      const model = modelEntry(rule.model);
      const parsed = tryParseModelReference(rule.model);
      const modelProvider = parsed.ok ? parsed.value.provider : provider;
      return [
        {
          identity: `model ${model.key}`,
          label: model.label,
          provider: modelProvider,
          isModelRule: true,
          steps,
        },
      ];
    }
    const identity = provider === undefined ? `rule ${index}` : `provider ${provider}`;
    return [{ identity, label: provider ?? `rule ${index + 1}`, provider, isModelRule: false, steps }];
  });
}

function keysOfStep(step: unknown): string[] {
  const keys = valueAt(step, ["keys"]);
  if (!Array.isArray(keys)) return [];
  return keys.flatMap((key: unknown) => {
    const name = valueAt(key, ["key"]) ?? valueAt(key, ["id"]);
    return typeof name === "string" ? [name] : [];
  });
}

/** Every key of a rule in the order the gateway tries them: steps in order, keys in list order. */
export function failoverOrder(rule: RuleView): string[] {
  return [...new Set(rule.steps.flat())];
}

/** Two views route the same way (and carry the same texts); the order of rules does not matter. */
export function sameView(a: RoutingView, b: RoutingView): boolean {
  return canonical(a) === canonical(b);
}

function canonical(view: RoutingView): string {
  const keys = (entries: Entry[] | undefined) => entries?.map((entry) => entry.key);
  const rules = view.rules.map((rule) => [rule.identity, rule.steps]).sort();
  const timeouts = TIMEOUT_NAMES.map((name) => view.timeouts[name]?.key);
  const { name, description, metadata, hasAccess } = view;
  return JSON.stringify([
    name,
    description,
    metadata,
    hasAccess,
    keys(view.providers),
    keys(view.models),
    rules,
    timeouts,
  ]);
}
