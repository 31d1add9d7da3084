/**
 * The one validator for access-key configurations: the dynamic providers' `check()`, the CLI and the
 * gateway's loader all call it, so they report identical messages. It runs the schema (compiled ahead of
 * time into generated/configuration-validator.js) and the semantic checks together and reports every
 * problem at once, in document order.
 */
import { checkConfiguration } from "./configuration-checks";
import { type ConfigurationIssue, createIssue, locationPointer } from "./configuration-issue";
import type { AccessKeyConfiguration } from "./configuration-types";
import { validateConfigurationSchema } from "./generated/configuration-validator";
import { documentOrder, isRecord } from "./json-value";
import { schemaIssues } from "./schema-issues";

export { ConfigurationError, type ConfigurationIssue, formatIssue } from "./configuration-issue";

/**
 * The largest configuration, as JSON, that keyway stores: a Secrets Manager secret holds 65,536 bytes
 * and keyway's envelope (storage-layout.ts) needs the rest.
 */
export const MAX_CONFIGURATION_BYTES = 60_000;

export interface ValidateConfigurationOptions {
  /**
   * A string that stands for "unknown at preview time" (Pulumi sends
   * `04da6b54-80e4-46f7-96ec-b56ff0331ba9`). A value equal to it never causes an error and is skipped by
   * the semantic checks; `value` may then contain it anywhere.
   */
  unknownSentinel?: string;
}

export type ConfigurationValidationResult =
  | { ok: true; value: AccessKeyConfiguration; warnings: ConfigurationIssue[] }
  | { ok: false; issues: ConfigurationIssue[] };

/**
 * Validates an access-key configuration. On success, continue with `value`: it is the input, now typed.
 * On failure, `issues` holds every error (and warning), each with a path, a JSON pointer and a fix.
 *
 * @example
 * const result = validateConfiguration(JSON.parse(text));
 * if (!result.ok) throw new ConfigurationError(result.issues);
 * useConfiguration(result.value);
 */
export function validateConfiguration(
  input: unknown,
  options: ValidateConfigurationOptions = {},
): ConfigurationValidationResult {
  const { unknownSentinel } = options;
  const isUnknown = (value: unknown): boolean => unknownSentinel !== undefined && value === unknownSentinel;

  const semantic = checkConfiguration(input, isUnknown);
  const replaced = (pointer: string): boolean =>
    semantic.replaced.some((prefix) => pointer === prefix || pointer.startsWith(`${prefix}/`));
  const schemaValid = validateConfigurationSchema(input);
  const fromSchema = schemaValid
    ? []
    : schemaIssues(
        validateConfigurationSchema.errors ?? [],
        input,
        (location, value) => isUnknown(value) || replaced(locationPointer(location)),
      );

  const issues = inDocumentOrder(input, [...fromSchema, ...semantic.issues, ...sizeIssues(input)]);
  if (issues.some((issue) => issue.severity === "error")) return { ok: false, issues };
  return { ok: true, value: input as AccessKeyConfiguration, warnings: issues };
}

function sizeIssues(input: unknown): ConfigurationIssue[] {
  if (!isRecord(input)) return [];
  let json: string;
  try {
    json = JSON.stringify(input);
  } catch {
    return []; // not JSON at all (a cycle, a bigint): the schema errors say what is wrong
  }
  const bytes = new TextEncoder().encode(json).byteLength;
  if (bytes <= MAX_CONFIGURATION_BYTES) return [];
  const message = `the configuration is ${bytes.toLocaleString("en-US")} bytes as JSON; the limit is ${MAX_CONFIGURATION_BYTES.toLocaleString("en-US")} bytes (a Secrets Manager secret holds 65,536 bytes, with room kept for keyway's envelope); shorten metadata or split it into several configurations`;
  return [createIssue([], message)];
}

/** Sorts issues by where they are in the input; an issue about a missing field sits with its parent. */
function inDocumentOrder(input: unknown, issues: ConfigurationIssue[]): ConfigurationIssue[] {
  const order = documentOrder(input);
  const rank = (pointer: string): number => {
    for (let current = pointer; ; current = current.slice(0, current.lastIndexOf("/"))) {
      const found = order.get(current);
      if (found !== undefined || current === "") return found ?? 0;
    }
  };
  return issues
    .map((issue, index) => ({ issue, index, rank: rank(issue.pointer) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ issue }) => issue);
}
