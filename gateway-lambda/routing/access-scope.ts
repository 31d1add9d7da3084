import type { AccessScope } from "../../contract/configuration-types";
import { type ModelTarget, referenceMatches } from "./model-match";

export type AccessVerdict = "allowed" | "provider_not_allowed" | "model_not_allowed";

/**
 * Checks a candidate against a configuration's allow-lists, as ngrok.ai does: an omitted dimension is
 * unrestricted, an empty list blocks the whole dimension, entries are exact (no wildcards), and a
 * candidate must pass both dimensions. No scope at all allows everything.
 *
 * @example
 * checkAccess({ providers: { allow: ["openai"] } }, { provider: "anthropic", model: "claude-haiku-4-5" });
 * // "provider_not_allowed"
 */
export function checkAccess(scope: AccessScope | undefined, candidate: ModelTarget): AccessVerdict {
  const providers = scope?.providers?.allow;
  if (providers && !providers.includes(candidate.provider)) return "provider_not_allowed";
  const models = scope?.models?.allow;
  if (models && !models.some((reference) => referenceMatches(reference, candidate))) {
    return "model_not_allowed";
  }
  return "allowed";
}
