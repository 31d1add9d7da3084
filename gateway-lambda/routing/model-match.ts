import { modelReferenceKey, tryParseModelReference } from "../../contract/model-reference";

/** The provider and upstream model id of a candidate, as resolved from the request. */
export interface ModelTarget {
  provider: string;
  model: string;
}

/**
 * Whether a configuration's model reference (any of the forms the contract accepts) names this
 * candidate. Model names compare case-insensitively; provider ids exactly. A candidate whose upstream id
 * repeats its provider (`groq:groq/compound`) also matches the reference the contract reads as the
 * OpenAPI form (`groq:compound`), so the two spellings cannot disagree about access.
 */
export function referenceMatches(reference: string, candidate: ModelTarget): boolean {
  const parsed = tryParseModelReference(reference);
  if (!parsed.ok || parsed.value.provider !== candidate.provider) return false;
  const key = modelReferenceKey(parsed.value);
  if (key === modelReferenceKey(candidate)) return true;
  const ownPrefix = `${candidate.provider}/`;
  return (
    candidate.model.toLowerCase().startsWith(ownPrefix) &&
    key ===
      modelReferenceKey({ provider: candidate.provider, model: candidate.model.slice(ownPrefix.length) })
  );
}
