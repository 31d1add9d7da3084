/** How the serve file's checks name a reference to something the file does not declare. */
import { BUILTIN_PROVIDER_IDS } from "../../../contract/builtin-providers";
import { display } from "../../../contract/configuration-issue";
import { closestName } from "../../../contract/did-you-mean";

export function unknownProviderMessage(providerId: string, providerIds: readonly string[]): string {
  const suggestion = closestName(providerId, providerIds);
  if (suggestion !== undefined) {
    return `unknown provider ${display(providerId)}; did you mean ${JSON.stringify(suggestion)}?`;
  }
  const custom = providerIds.filter((id) => !BUILTIN_PROVIDER_IDS.includes(id));
  const declared = custom.length > 0 ? `, or one declared under providers (${custom.join(", ")})` : "";
  return `unknown provider ${display(providerId)}; use a built-in provider (${BUILTIN_PROVIDER_IDS.join(", ")})${declared}, or declare it under providers`;
}

/** `unknown <noun> "x"; did you mean "y"?`, or the list of what exists and where to declare more. */
export function unknownReferenceMessage(
  noun: string,
  id: string,
  known: readonly string[],
  declareUnder: string,
): string {
  const suggestion = closestName(id, known);
  if (suggestion !== undefined)
    return `unknown ${noun} ${display(id)}; did you mean ${JSON.stringify(suggestion)}?`;
  const declared = known.length > 0 ? ` (declared: ${known.join(", ")})` : "";
  return `unknown ${noun} ${display(id)}${declared}; declare it under ${declareUnder}`;
}

/** A rule that lists a key of another provider than the one it routes. */
export function otherProviderKeyMessage(key: string, keyProvider: string, ruleProvider: string): string {
  return `provider key ${display(key)} is a ${display(keyProvider)} key, but this rule routes ${display(ruleProvider)}; use a key of that provider`;
}
