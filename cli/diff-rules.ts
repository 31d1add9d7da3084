/**
 * What a change of `router.rules` does: per provider and model rule, keys into and out of rotation,
 * a new failover order, steps regrouped; rules added and removed, and what then serves their requests.
 */
import type { Change } from "./diff-change";
import { failoverOrder, type RoutingView, type RuleView } from "./diff-model";

type Emit = (kind: Change["kind"], detail: string, attention: boolean) => void;

export function diffRules(base: RoutingView, head: RoutingView, emit: Emit): void {
  if (base.rules.length > 0 && head.rules.length === 0) {
    emit(
      "routing-unrestricted",
      "router rules removed: every allowed provider is now served by all of the namespace's keys for it (ordered by name)",
      true,
    );
    return;
  }
  if (base.rules.length === 0 && head.rules.length > 0) {
    emit(
      "routing-restricted",
      "router rules added: requests are now routed only by these rules, and a provider or model without a rule gets no route (was: the namespace's keys for every provider)",
      false,
    );
  }
  const before = new Map(base.rules.map((rule) => [rule.identity, rule]));
  const after = new Map(head.rules.map((rule) => [rule.identity, rule]));
  for (const rule of head.rules) {
    const old = before.get(rule.identity);
    if (old === undefined)
      emit("rule-added", `${rule.label}: new ${ruleNoun(rule)}, tries ${keys(failoverOrder(rule))}`, false);
    else diffRule(old, rule, emit);
  }
  for (const rule of base.rules) {
    if (after.has(rule.identity)) continue;
    emit("rule-removed", `${rule.label}: ${ruleNoun(rule)} removed; ${whatServes(rule, head)}`, false);
  }
}

function diffRule(base: RuleView, head: RuleView, emit: Emit): void {
  const before = failoverOrder(base);
  const after = failoverOrder(head);
  const added = after.filter((key) => !before.includes(key));
  const removed = before.filter((key) => !after.includes(key));
  for (const key of added) emit("key-added", `${head.label}: ${key} added to rotation`, false);
  for (const key of removed) {
    const alone = after.length === 1 ? " (no failover left)" : "";
    emit("key-removed", `${head.label}: ${key} removed from rotation${alone}`, false);
  }
  const kept = (order: string[]) => order.filter((key) => before.includes(key) && after.includes(key));
  if (kept(before).join() !== kept(after).join()) {
    emit("failover-order", `${head.label}: failover order ${keys(before)} -> ${keys(after)}`, false);
  }
  if (base.steps.length !== head.steps.length) {
    emit("steps-changed", `${head.label}: steps ${steps(base)} -> ${steps(head)}`, false);
  }
}

function whatServes(removed: RuleView, head: RoutingView): string {
  const provider = removed.provider;
  const providerRule = head.rules.find((rule) => !rule.isModelRule && rule.provider === provider);
  if (removed.isModelRule && providerRule !== undefined) {
    return `the model now follows the ${providerRule.label} rule (${keys(failoverOrder(providerRule))})`;
  }
  if (removed.isModelRule) return "requests for the model now get no route";
  const modelRules = head.rules.filter((rule) => rule.isModelRule && rule.provider === provider);
  const except =
    modelRules.length > 0 ? `, except ${keys(modelRules.map((rule) => rule.label))} (their own rules)` : "";
  return `requests for ${removed.label} now get no route${except}`;
}

function ruleNoun(rule: RuleView): string {
  return rule.isModelRule ? "model rule" : "rule";
}

function keys(names: readonly string[]): string {
  return names.join(", ");
}

/** `[a, b]` for one step, `[a] then [b]` for two. */
function steps(rule: RuleView): string {
  return rule.steps.map((step) => `[${step.join(", ")}]`).join(" then ");
}
