/**
 * Turns ajv's errors for configuration.schema.json into issues a user can act on. The schema node behind
 * each error is found by following the error's instance location through the schema (`properties`,
 * `items`, `$ref`): ajv's own `schemaPath` restarts at every `$ref`, so it cannot be followed reliably.
 */
import type { ErrorObject } from "ajv";
import { PROVIDER_ID_PATTERN } from "./builtin-providers";
import schema from "./configuration.schema.json";
import { type ConfigurationIssue, createIssue, display, type Location } from "./configuration-issue";
import { closestName } from "./did-you-mean";
import { pointerLocation, valueAt } from "./json-value";
import { tryParseModelReference } from "./model-reference";

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

interface SchemaLocation {
  node: SchemaNode;
  /** The `$defs` entry the node came from, if any: it says what kind of value sits there. */
  definition?: string;
}

const ROOT = schema as SchemaNode & { $defs: Record<string, SchemaNode> };

/**
 * Issues for ajv's errors, except those `ignore` says another check covers (or that concern an
 * unknown value). `uniqueItems` is left to the semantic checks, which report every duplicate.
 */
export function schemaIssues(
  errors: readonly ErrorObject[],
  input: unknown,
  ignore: (location: Location, value: unknown) => boolean,
): ConfigurationIssue[] {
  const anyOfFailures = errors.filter((error) => error.keyword === "anyOf");
  const misspelled = misspelledFields(errors, input);
  const issues: ConfigurationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === "uniqueItems") continue;
    // "stepz: did you mean steps?" already says what "steps: is required" would.
    if (
      error.keyword === "required" &&
      misspelled.has(`${error.instancePath}/${error.params.missingProperty}`)
    )
      continue;
    const explainedByAnyOf = anyOfFailures.some(
      (anyOf) =>
        anyOf.instancePath === error.instancePath && error.schemaPath.startsWith(`${anyOf.schemaPath}/`),
    );
    if (explainedByAnyOf) continue;
    const location = pointerLocation(input, error.instancePath);
    const value = valueAt(input, location);
    if (ignore(location, value)) continue;
    const issue = describeError(error, location, value);
    const identity = `${issue.pointer}\n${issue.message}`;
    if (!seen.has(identity)) issues.push(issue);
    seen.add(identity);
  }
  return issues;
}

/** Pointers of fields an unknown field in the same object is probably a misspelling of. */
function misspelledFields(errors: readonly ErrorObject[], input: unknown): Set<string> {
  const fields = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "additionalProperties") continue;
    const allowed = Object.keys(schemaAt(pointerLocation(input, error.instancePath)).node.properties ?? {});
    const suggestion = closestName(String(error.params.additionalProperty), allowed);
    if (suggestion !== undefined) fields.add(`${error.instancePath}/${suggestion}`);
  }
  return fields;
}

function describeError(error: ErrorObject, location: Location, value: unknown): ConfigurationIssue {
  const { node, definition } = schemaAt(location);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return createIssue([...location, String(params.missingProperty)], "is required");
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      return createIssue(
        [...location, field],
        unknownFieldMessage(field, Object.keys(node.properties ?? {})),
      );
    }
    case "type":
      return createIssue(location, typeMessage(String(params.type), value, location, definition));
    case "enum":
      return createIssue(location, enumMessage(location, value, params.allowedValues as unknown[]));
    case "pattern":
      return createIssue(location, patternMessage(definition, value));
    case "minLength":
      return createIssue(
        location,
        params.limit === 1 ? "must not be empty" : `must be at least ${params.limit} characters`,
      );
    case "maxLength":
      return createIssue(location, `must be at most ${params.limit} characters (it has ${lengthOf(value)})`);
    case "minItems":
      return createIssue(location, `must have at least ${countOf(Number(params.limit), location)}`);
    case "anyOf":
      return createIssue(
        location,
        definition === "routerRule" ? 'a rule needs "provider", "model" or both' : "is not valid here",
      );
    default:
      return createIssue(location, `is not valid here (${error.keyword})`);
  }
}

/** The schema node describing the value at `location`. */
function schemaAt(location: Location): SchemaLocation {
  let current = resolve({ node: ROOT });
  for (const segment of location) {
    const next = typeof segment === "number" ? current.node.items : current.node.properties?.[segment];
    if (next === undefined) return { node: {} };
    current = resolve({ node: next });
  }
  return current;
}

function resolve(at: SchemaLocation): SchemaLocation {
  const reference = at.node.$ref;
  if (reference === undefined) return at;
  const definition = reference.replace("#/$defs/", "");
  return resolve({ node: ROOT.$defs[definition] ?? {}, definition });
}

function unknownFieldMessage(field: string, allowed: readonly string[]): string {
  const suggestion = closestName(field, allowed);
  if (suggestion !== undefined)
    return `unknown field ${JSON.stringify(field)}; did you mean ${JSON.stringify(suggestion)}?`;
  if (allowed.length === 0) return `unknown field ${JSON.stringify(field)}`;
  return `unknown field ${JSON.stringify(field)}; expected one of ${allowed.map((name) => JSON.stringify(name)).join(", ")}`;
}

function typeMessage(expected: string, value: unknown, location: Location, definition?: string): string {
  const subject = location.length === 0 ? "the configuration must be" : "must be";
  const wanted =
    definition === "providerKeyReference" ? 'an object like { id: "kwpk_..." }' : article(expected);
  return `${subject} ${wanted}, not ${describeValueType(value)}`;
}

function enumMessage(location: Location, value: unknown, allowed: readonly unknown[]): string {
  const field = location.at(-1);
  if (field === "type") return `${display(value)} is not a step type; use "user"`;
  if (field === "keySelectionStrategy") {
    return `${display(value)} is not a key selection strategy; the only one is "ordered" (keys are tried in list order)`;
  }
  return `${display(value)} is not allowed; use one of ${allowed.map(display).join(", ")}`;
}

function patternMessage(definition: string | undefined, value: unknown): string {
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

function countOf(limit: number, location: Location): string {
  const [singular, plural] = NOUNS[String(location.at(-1))] ?? ["item", "items"];
  return `${limit} ${limit === 1 ? singular : plural}`;
}

function lengthOf(value: unknown): number {
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
