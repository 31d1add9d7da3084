/** Semantic checks of `router.rules`: see configuration-checks.ts. */
import { PROVIDER_ID_PATTERN } from "./builtin-providers";
import type { IsUnknown, SemanticFindings } from "./configuration-checks";
import { createIssue, display, type Location, locationPath, locationPointer } from "./configuration-issue";
import { isResourceId } from "./ids";
import { isRecord, valueAt } from "./json-value";
import {
  formatModelReference,
  type ModelReferenceParts,
  modelReferenceKey,
  tryParseModelReference,
} from "./model-reference";

interface RuleTarget {
  /** Equal for rules that would compete for the same requests. */
  identity: string;
  /** How a message names the target: `provider "openai"`, `model "openai:gpt-4o"`. */
  label: string;
  provider: string;
  model?: ModelReferenceParts;
}

export function checkRules(findings: SemanticFindings, input: unknown, isUnknown: IsUnknown): void {
  const rules = valueAt(input, ["router", "rules"]);
  if (!Array.isArray(rules)) return;
  const scope = knownScope(input, isUnknown);
  const firstIndex = new Map<string, number>();
  rules.forEach((rule: unknown, index) => {
    const location: Location = ["router", "rules", index];
    if (!isRecord(rule)) return;
    if (Array.isArray(rule.steps)) {
      rule.steps.forEach((step: unknown, stepIndex) => {
        checkStep(findings, step, [...location, "steps", stepIndex], isUnknown);
      });
    }
    const target = ruleTarget(findings, rule, location, isUnknown);
    if (target === undefined) return;
    const first = firstIndex.get(target.identity);
    if (first !== undefined) {
      const message = `duplicate rule for ${target.label} (also ${locationPath(["router", "rules", first])}); merge their steps into one rule`;
      findings.issues.push(createIssue(location, message));
    } else {
      firstIndex.set(target.identity, index);
    }
    const unreachable = unreachableBecause(target, scope);
    if (unreachable !== undefined)
      findings.issues.push(createIssue(location, `${unreachable}, so this rule never applies`, "warning"));
  });
}

/** What a rule targets, once its provider and model are known and valid; reports a contradiction. */
function ruleTarget(
  findings: SemanticFindings,
  rule: Record<string, unknown>,
  location: Location,
  isUnknown: IsUnknown,
): RuleTarget | undefined {
  const { provider, model } = rule;
  if (isUnknown(provider) || isUnknown(model)) return undefined;
  const validProvider =
    typeof provider === "string" && PROVIDER_ID_PATTERN.test(provider) ? provider : undefined;
  if (model === undefined) {
    if (validProvider === undefined) return undefined;
    return {
      identity: `provider ${validProvider}`,
      label: `provider ${display(validProvider)}`,
      provider: validProvider,
    };
  }
  const parsed = typeof model === "string" ? tryParseModelReference(model) : undefined;
  if (!parsed?.ok) return undefined;
  if (validProvider !== undefined && validProvider !== parsed.value.provider) {
    const message = `${display(model)} is a model of provider ${display(parsed.value.provider)}, but the rule's provider is ${display(validProvider)}; make them match or remove "provider"`;
    findings.issues.push(createIssue([...location, "model"], message));
  }
  return {
    identity: `model ${modelReferenceKey(parsed.value)}`,
    label: `model ${display(formatModelReference(parsed.value))}`,
    provider: parsed.value.provider,
    model: parsed.value,
  };
}

interface KnownScope {
  providers?: ReadonlySet<string>;
  models?: readonly ModelReferenceParts[];
}

/** The access scope's allow lists, where every entry is known and valid (else no warning is certain). */
function knownScope(input: unknown, isUnknown: IsUnknown): KnownScope {
  const scope: KnownScope = {};
  const providers = valueAt(input, ["access", "providers", "allow"]);
  const known = (entry: unknown): entry is string => typeof entry === "string" && !isUnknown(entry);
  if (
    Array.isArray(providers) &&
    providers.every((entry) => known(entry) && PROVIDER_ID_PATTERN.test(entry))
  ) {
    scope.providers = new Set(providers);
  }
  const models = valueAt(input, ["access", "models", "allow"]);
  if (Array.isArray(models) && models.every(known)) {
    const parsed = models.map((entry) => tryParseModelReference(entry));
    if (parsed.every((result) => result.ok)) scope.models = parsed.map((result) => result.value);
  }
  return scope;
}

function unreachableBecause(target: RuleTarget, scope: KnownScope): string | undefined {
  if (scope.providers !== undefined && !scope.providers.has(target.provider)) {
    return `provider ${display(target.provider)} is not in access.providers.allow`;
  }
  if (scope.models === undefined) return undefined;
  const model = target.model;
  if (model === undefined) {
    const anyModel = scope.models.some((allowed) => allowed.provider === target.provider);
    return anyModel
      ? undefined
      : `no model of provider ${display(target.provider)} is in access.models.allow`;
  }
  const allowed = scope.models.some((entry) => modelReferenceKey(entry) === modelReferenceKey(model));
  return allowed ? undefined : `${target.label} is not in access.models.allow`;
}

/** Steps that cannot work in keyway, and keys listed twice in one step. */
export function checkStep(
  findings: SemanticFindings,
  step: unknown,
  location: Location,
  isUnknown: IsUnknown,
): void {
  if (!isRecord(step)) return;
  if (step.type === "ngrok") {
    findings.issues.push(
      createIssue(
        [...location, "type"],
        'ngrok-managed inference ("ngrok" steps) does not exist when self-hosting; use type "user" with your own provider keys (keyway.ProviderKey)',
      ),
    );
    findings.replaced.push(locationPointer(location));
    return;
  }
  if (!Array.isArray(step.keys)) return;
  const firstIndex = new Map<string, number>();
  step.keys.forEach((key: unknown, index) => {
    const keyLocation = [...location, "keys", index];
    if (!isRecord(key)) return;
    if ("value" in key || ("name" in key && !("id" in key))) {
      // Never echo the value: it is an upstream API key.
      findings.issues.push(
        createIssue(
          keyLocation,
          "inline keys ({ name, value }) are not accepted: a key value must not live in a configuration; declare a keyway.ProviderKey and reference its id ({ id: providerKey.id })",
        ),
      );
      findings.replaced.push(locationPointer(keyLocation));
      return;
    }
    if (isUnknown(key.id) || !isResourceId("providerKey", key.id)) return;
    const first = firstIndex.get(key.id);
    if (first === undefined) {
      firstIndex.set(key.id, index);
      return;
    }
    const message = `duplicate key ${display(key.id)} (also ${locationPath([...location, "keys", first])}); a step tries each key once`;
    findings.issues.push(createIssue([...keyLocation, "id"], message));
  });
}
