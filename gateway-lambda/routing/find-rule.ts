import type { RouterRule } from "../../contract/configuration-types";
import { type ModelTarget, referenceMatches } from "./model-match";

/**
 * The router rule for a candidate: the first rule naming its model wins over the first rule naming
 * only its provider (ngrok.ai: "a model rule beats a provider rule"). Undefined when none matches.
 */
export function findRule(
  rules: readonly RouterRule[],
  candidate: ModelTarget,
): { rule: RouterRule; ruleIndex: number } | undefined {
  const modelRule = rules.findIndex(
    (rule) =>
      rule.model !== undefined &&
      (rule.provider === undefined || rule.provider === candidate.provider) &&
      referenceMatches(rule.model, candidate),
  );
  const ruleIndex =
    modelRule !== -1
      ? modelRule
      : rules.findIndex((rule) => rule.model === undefined && rule.provider === candidate.provider);
  const rule = rules[ruleIndex];
  return rule ? { rule, ruleIndex } : undefined;
}
