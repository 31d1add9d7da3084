import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { ModelNotAllowedError } from "../errors/model-not-allowed-error";
import { NoProviderKeysError } from "../errors/no-provider-keys-error";
import type { ResolvedModel } from "../models/resolve-model";
import { checkAccess } from "./access-scope";
import { findRule } from "./find-rule";

/** What target selection may know about a provider key: never its value. */
export interface ProviderKeyInfo {
  providerId: string;
  /** Orders the namespace's keys when no configuration routes them (see {@link selectTargets}). */
  name?: string;
}

/** The namespace's provider keys, by id, as the current snapshot has them. */
export type ProviderKeySnapshot = ReadonlyMap<string, ProviderKeyInfo>;

/** One upstream call to make: a model on a provider, with one provider key. */
export interface AttemptTarget {
  /** Position of the model among the request's candidates (0: `model`, then `models[]`). */
  candidateIndex: number;
  provider: string;
  /** The upstream model id. */
  model: string;
  /** `provider:model`, for logs and headers. */
  reference: string;
  providerKeyId: string;
  /** The router rule the key came from; null when the namespace's keys serve by default. */
  ruleIndex: number | null;
  stepIndex: number;
}

export type RejectionReason = "provider_not_allowed" | "model_not_allowed" | "no_rule" | "no_provider_keys";

/** A candidate that gets no attempt: named in `x-keyway-rejected-models` and the logs. */
export interface RejectedModel {
  candidateIndex: number;
  reference: string;
  reason: RejectionReason;
}

export type KeySkipReason = "unknown_key" | "other_provider" | "duplicate";

/** A key a rule lists that cannot serve the candidate; reported for logging. */
export interface SkippedKey {
  candidateIndex: number;
  providerKeyId: string;
  ruleIndex: number;
  stepIndex: number;
  reason: KeySkipReason;
}

export interface TargetSelection {
  /** In failover order: next key, then next step, then next model. */
  attempts: AttemptTarget[];
  rejectedModels: RejectedModel[];
  skippedKeys: SkippedKey[];
}

export interface SelectTargetsInput {
  /** The access key's configuration; null for ngrok.ai's default (allow all, the namespace's keys). */
  configuration: AccessKeyConfiguration | null;
  candidates: readonly ResolvedModel[];
  providerKeys: ProviderKeySnapshot;
  /**
   * The namespace's key ids per provider in default order, as {@link orderKeysByProvider} builds them
   * from `providerKeys`: pass it when it is computed once per snapshot; otherwise it is built per call.
   */
  keysByProvider?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Turns (configuration, candidate models, provider-key snapshot) into the ordered list of attempts.
 * Pure: no I/O, no clock, no key values.
 *
 * - Every candidate is checked against `access` first. A disallowed primary throws
 *   {@link ModelNotAllowedError} (403); a disallowed fallback is skipped and listed in `rejectedModels`.
 * - A candidate is routed by its rule (a model rule beats a provider rule): steps in order, keys in list
 *   order. A key missing from the snapshot, of another provider or already listed for the candidate is
 *   skipped and reported in `skippedKeys`.
 * - Without a configuration, or with one that has no `router` rules, a candidate is served by the
 *   namespace's keys of its provider, ordered by name and then id (one step, `ruleIndex: null`). With
 *   router rules, a candidate no rule matches gets no attempt (`no_rule`).
 * - When no candidate gets an attempt, throws {@link NoProviderKeysError}.
 *
 * @example
 * const { attempts } = selectTargets({ configuration: null, candidates: resolveCandidates(body), providerKeys });
 */
export function selectTargets(input: SelectTargetsInput): TargetSelection {
  const { configuration, candidates, providerKeys } = input;
  let keysByProvider = input.keysByProvider;
  const keysOf = (provider: string) => {
    keysByProvider ??= orderKeysByProvider(providerKeys);
    return keysByProvider.get(provider) ?? [];
  };
  const selection: TargetSelection = { attempts: [], rejectedModels: [], skippedKeys: [] };

  const allowed = candidates.filter((candidate, candidateIndex) => {
    const verdict = checkAccess(configuration?.access, candidate);
    if (verdict === "allowed") return true;
    if (candidateIndex === 0) {
      throw new ModelNotAllowedError(
        candidate.requested,
        verdict === "provider_not_allowed" ? "provider" : "model",
      );
    }
    selection.rejectedModels.push({ candidateIndex, reference: candidate.reference, reason: verdict });
    return false;
  });

  const rules = configuration?.router?.rules ?? [];
  for (const candidate of allowed) {
    const candidateIndex = candidates.indexOf(candidate);
    const before = selection.attempts.length;
    const routed =
      rules.length === 0
        ? addDefaultAttempts(selection, candidate, candidateIndex, keysOf(candidate.provider))
        : addRuleAttempts(selection, candidate, candidateIndex, rules, providerKeys);
    if (selection.attempts.length === before) {
      selection.rejectedModels.push({
        candidateIndex,
        reference: candidate.reference,
        reason: routed ? "no_provider_keys" : "no_rule",
      });
    }
  }

  if (selection.attempts.length === 0) {
    throw new NoProviderKeysError(allowed.map((candidate) => candidate.reference));
  }
  selection.rejectedModels.sort((left, right) => left.candidateIndex - right.candidateIndex);
  return selection;
}

/** Returns false when no rule matches the candidate. */
function addRuleAttempts(
  selection: TargetSelection,
  candidate: ResolvedModel,
  candidateIndex: number,
  rules: NonNullable<AccessKeyConfiguration["router"]>["rules"],
  providerKeys: ProviderKeySnapshot,
): boolean {
  const match = findRule(rules, candidate);
  if (!match) return false;
  const { rule, ruleIndex } = match;
  const used = new Set<string>();
  rule.steps.forEach((step, stepIndex) => {
    for (const { id: providerKeyId } of step.keys) {
      const key = providerKeys.get(providerKeyId);
      const reason: KeySkipReason | undefined = !key
        ? "unknown_key"
        : key.providerId !== candidate.provider
          ? "other_provider"
          : used.has(providerKeyId)
            ? "duplicate"
            : undefined;
      if (reason) {
        selection.skippedKeys.push({ candidateIndex, providerKeyId, ruleIndex, stepIndex, reason });
        continue;
      }
      used.add(providerKeyId);
      selection.attempts.push(attemptTarget(candidate, candidateIndex, providerKeyId, ruleIndex, stepIndex));
    }
  });
  return true;
}

function addDefaultAttempts(
  selection: TargetSelection,
  candidate: ResolvedModel,
  candidateIndex: number,
  keyIds: readonly string[],
): boolean {
  for (const providerKeyId of keyIds) {
    selection.attempts.push(attemptTarget(candidate, candidateIndex, providerKeyId, null, 0));
  }
  return true;
}

/**
 * The namespace's key ids per provider, in the order they serve when no router rule routes them: by
 * name, then by id. Pure; the gateway computes it once per snapshot.
 *
 * @example
 * orderKeysByProvider(new Map([["kwpk_b", { providerId: "openai", name: "a" }]])); // Map { "openai" => ["kwpk_b"] }
 */
export function orderKeysByProvider(providerKeys: ProviderKeySnapshot): Map<string, string[]> {
  const sorted = [...providerKeys].sort(
    ([leftId, left], [rightId, right]) =>
      compare(left.name ?? "", right.name ?? "") || compare(leftId, rightId),
  );
  const byProvider = new Map<string, string[]>();
  for (const [providerKeyId, key] of sorted) {
    const ids = byProvider.get(key.providerId);
    if (ids) ids.push(providerKeyId);
    else byProvider.set(key.providerId, [providerKeyId]);
  }
  return byProvider;
}

function attemptTarget(
  candidate: ResolvedModel,
  candidateIndex: number,
  providerKeyId: string,
  ruleIndex: number | null,
  stepIndex: number,
): AttemptTarget {
  const { provider, model, reference } = candidate;
  return { candidateIndex, provider, model, reference, providerKeyId, ruleIndex, stepIndex };
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
