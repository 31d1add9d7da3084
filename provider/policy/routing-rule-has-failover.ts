import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KEYWAY_TYPES } from "./policy-targets";
import { type PreviewValues, previewValues, readElements, UNKNOWN } from "./preview-values";

export interface RoutingRuleHasFailoverConfig {
  /** Distinct provider keys a rule needs across its steps. Default 2. */
  minimumKeys?: number;
}

const DEFAULT_MINIMUM_KEYS = 2;

/**
 * Every routing rule of an `AccessKeyConfiguration` has somewhere to fail over to: at least two
 * distinct provider keys across its steps (the gateway tries the next key, then the next step).
 * Listing the same key twice is no failover. A key id not known yet at preview belongs to a
 * `ProviderKey` created in the same update, so it counts as a distinct key; `pulumi up` checks the
 * real ids again.
 */
export const routingRuleHasFailover: ResourceValidationPolicy = {
  name: "routing-rule-has-failover",
  description:
    "Every routing rule of a keyway AccessKeyConfiguration can fail over: its steps list at least two distinct provider keys (minimumKeys).",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Add a second keyway.ProviderKey of the rule's provider to the rule's keys (another account, project or region), or a second step. Where no second key exists, have clients send fallback models in `models` so a failing model moves on to another provider's rule.",
  configSchema: {
    properties: {
      minimumKeys: {
        type: "integer",
        minimum: 1,
        default: DEFAULT_MINIMUM_KEYS,
        description: "Distinct provider keys a rule needs across its steps.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== KEYWAY_TYPES.accessKeyConfiguration) return;
    const minimum = args.getConfig<RoutingRuleHasFailoverConfig>().minimumKeys ?? DEFAULT_MINIMUM_KEYS;
    const values: PreviewValues = previewValues();
    const router = values.read(() => args.props.router as Record<string, unknown> | undefined);
    if (router === UNKNOWN) values.undecided();
    const rules = values.read(() => router?.rules);
    if (rules === UNKNOWN) values.undecided();
    if (!Array.isArray(rules)) return;

    let undecided = false;
    readElements(values, rules).forEach((rule, index) => {
      if (rule === UNKNOWN) {
        undecided = true;
        return;
      }
      const keys = countKeys(values, rule as Record<string, unknown>);
      if (keys.count >= minimum) return;
      if (keys.incomplete) {
        undecided = true;
        return;
      }
      reportViolation(
        `AccessKeyConfiguration "${args.name}": router.rules[${index}] (${ruleTarget(values, rule as Record<string, unknown>)}) ` +
          `has ${keys.count === 1 ? "a single provider key" : `${keys.count} distinct provider keys`}; ` +
          `it needs ${minimum} to fail over on 429s, 5xx, timeouts and revoked keys.`,
      );
    });
    if (undecided) values.undecided();
  },
};

/** Distinct keys over every step; `incomplete` when a step or key list is unknown (more may come). */
function countKeys(values: PreviewValues, rule: Record<string, unknown>) {
  const known = new Set<string>();
  let unknownIds = 0;
  let incomplete = false;
  const steps = values.read(() => rule.steps);
  if (steps === UNKNOWN) return { count: 0, incomplete: true };
  for (const step of readElements(values, Array.isArray(steps) ? steps : [])) {
    const keys = step === UNKNOWN ? UNKNOWN : values.read(() => (step as Record<string, unknown>)?.keys);
    if (keys === UNKNOWN) {
      incomplete = true;
      continue;
    }
    for (const key of readElements(values, Array.isArray(keys) ? keys : [])) {
      const id = key === UNKNOWN ? UNKNOWN : values.read(() => (key as Record<string, unknown>)?.id);
      if (id === UNKNOWN) unknownIds++;
      else if (typeof id === "string") known.add(id);
    }
  }
  return { count: known.size + unknownIds, incomplete };
}

function ruleTarget(values: PreviewValues, rule: Record<string, unknown>): string {
  const model = values.read(() => rule.model);
  if (typeof model === "string") return `model ${model}`;
  const provider = values.read(() => rule.provider);
  return typeof provider === "string" ? `provider ${provider}` : "a rule";
}
