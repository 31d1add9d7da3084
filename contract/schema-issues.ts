/**
 * Turns ajv's errors for configuration.schema.json into issues a user can act on. The schema node behind
 * each error is found by following the error's instance location through the schema (`properties`,
 * `items`, `$ref`): ajv's own `schemaPath` restarts at every `$ref`, so it cannot be followed reliably.
 */
import type { ErrorObject } from "ajv";
import schema from "./configuration.schema.json";
import { type ConfigurationIssue, createIssue, type Location } from "./configuration-issue";
import { closestName } from "./did-you-mean";
import { pointerLocation, valueAt } from "./json-value";
import {
  countMessage,
  enumMessage,
  lengthOf,
  patternMessage,
  typeMessage,
  unknownFieldMessage,
} from "./schema-messages";

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
      return createIssue(location, countMessage(Number(params.limit), location));
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
