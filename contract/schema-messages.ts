/** The wording of schema errors: plain fixes, in the terms of the configuration rather than of JSON Schema. */
import { PROVIDER_ID_PATTERN } from "./builtin-providers";
import { display, type Location } from "./configuration-issue";
import { closestName } from "./did-you-mean";
import { tryParseModelReference } from "./model-reference";

export function unknownFieldMessage(field: string, allowed: readonly string[]): string {
  const suggestion = closestName(field, allowed);
  if (suggestion !== undefined)
    return `unknown field ${JSON.stringify(field)}; did you mean ${JSON.stringify(suggestion)}?`;
  if (allowed.length === 0) return `unknown field ${JSON.stringify(field)}`;
  return `unknown field ${JSON.stringify(field)}; expected one of ${allowed.map((name) => JSON.stringify(name)).join(", ")}`;
}

export function typeMessage(
  expected: string,
  value: unknown,
  location: Location,
  definition?: string,
): string {
  const subject = location.length === 0 ? "the configuration must be" : "must be";
  const wanted =
    definition === "providerKeyReference" ? 'an object like { id: "kwpk_..." }' : article(expected);
  return `${subject} ${wanted}, not ${describeValueType(value)}`;
}

export function enumMessage(location: Location, value: unknown, allowed: readonly unknown[]): string {
  const field = location.at(-1);
  if (field === "type") return `${display(value)} is not a step type; use "user"`;
  if (field === "keySelectionStrategy") {
    return `${display(value)} is not a key selection strategy; the only one is "ordered" (keys are tried in list order)`;
  }
  return `${display(value)} is not allowed; use one of ${allowed.map(display).join(", ")}`;
}

export function patternMessage(definition: string | undefined, value: unknown): string {
  const text = String(value);
  switch (definition) {
    case "providerId":
      return providerIdMessage(text);
    case "modelReference": {
      const parsed = tryParseModelReference(text);
      return parsed.ok ? `${display(text)} is not a valid model reference` : parsed.message;
    }
    case "providerKeyId": {
      // Someone may paste the key itself here: only echo what looks like an id or is too short to be a key.
      const shown =
        text.length <= 20 || /^(kw|aig)[a-z]{1,3}_/.test(text)
          ? `${display(text)} is`
          : "this value (not shown, in case it is a secret) is";
      return `${shown} not a keyway provider key id; reference a keyway.ProviderKey's id output (kwpk_...)`;
    }
    case "duration":
      return `${display(text)} is not a duration; write a whole number followed by ms, s or m, e.g. "120s"`;
    default:
      return `${display(text)} is not in the expected format`;
  }
}

function providerIdMessage(text: string): string {
  const lowercase = text.toLowerCase();
  if (PROVIDER_ID_PATTERN.test(lowercase)) {
    return `${display(text)} is not a valid provider id; provider ids are lowercase, e.g. ${JSON.stringify(lowercase)}`;
  }
  return `${display(text)} is not a valid provider id; use lowercase letters, digits and "-" (at most 63), e.g. "openai"`;
}

const NOUNS: Record<string, [string, string]> = { steps: ["step", "steps"], keys: ["key", "keys"] };

export function countMessage(limit: number, location: Location): string {
  const [singular, plural] = NOUNS[String(location.at(-1))] ?? ["item", "items"];
  return `must have at least ${limit} ${limit === 1 ? singular : plural}`;
}

export function lengthOf(value: unknown): number {
  return typeof value === "string" ? [...value].length : 0;
}

function article(type: string): string {
  return type === "object" || type === "array" || type === "integer" ? `an ${type}` : `a ${type}`;
}

function describeValueType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}
