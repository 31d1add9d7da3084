/**
 * One access-key configuration per file, in ngrok.ai's shape, with provider keys named
 * (`keys: [{ key: openai-primary }]`; `{ id: kwpk_... }` still works):
 *
 * ```yaml
 * # routing/prod.yaml
 * name: prod
 * access: { providers: { allow: [openai, anthropic] } }
 * router:
 *   rules:
 *     - provider: openai
 *       steps: [{ type: user, keys: [{ key: openai-primary }, { key: openai-backup }] }]
 * ```
 *
 * Checked by the contract validator (the same messages as `pulumi preview`), plus the key names
 * against the keys the caller knows; every issue carries the file's line and column.
 */
import {
  type ConfigurationIssue,
  createIssue,
  display,
  locationPointer,
} from "../../contract/configuration-issue";
import { isRecord } from "../../contract/json-value";
import { validateWithNamedKeys } from "../../contract/named-key-references";
import { validateConfiguration } from "../../contract/validate-configuration";
import type { LocatedIssue } from "../../gateway-lambda/store/serve-file/located-issue";
import {
  locateIssues,
  parseYamlSource,
  type YamlSource,
} from "../../gateway-lambda/store/serve-file/yaml-source";
import { configurationNameOf, looksLikeServeFile } from "./file-kinds";
import { checkKeyNames, checkReferenceShapes, type KnownKeys } from "./key-reference-checks";

export interface ConfigurationFile {
  /** The file as the caller named it. */
  path: string;
  /** The file name without its extension: the configuration's key, and the loader's resource name. */
  name: string;
  /** The configuration as written (keys by name), when the file could be read. */
  value: Record<string, unknown> | undefined;
  /** The parsed file, to locate more issues in it. */
  source: YamlSource | undefined;
  /** Errors and warnings, with line and column, in file order. */
  issues: LocatedIssue[];
}

/**
 * Reads and checks one configuration file. Without `known`, key names are not checked (only their shape).
 *
 * @example
 * const file = checkConfigurationFile(text, "routing/prod.yaml", {
 *   names: new Map([["openai-primary", "openai"]]),
 *   source: "routing/keyway.keys.yaml",
 * });
 * for (const issue of file.issues) console.log(formatLocatedIssue(issue));
 */
export function checkConfigurationFile(text: string, path: string, known?: KnownKeys): ConfigurationFile {
  const name = configurationNameOf(path);
  const parsed = parseYamlSource(text, path);
  if (!parsed.ok) return { path, name, value: undefined, source: undefined, issues: parsed.issues };
  const { source } = parsed;
  const value = isRecord(source.value) ? source.value : undefined;
  return {
    path,
    name,
    value,
    source,
    issues: locateIssues(configurationIssues(source.value, known), source),
  };
}

function configurationIssues(value: unknown, known: KnownKeys | undefined): ConfigurationIssue[] {
  if (value === null || value === undefined) {
    return [
      createIssue([], "the file is empty; write one access-key configuration in it (name, access, router)"),
    ];
  }
  if (looksLikeServeFile(value)) {
    return [
      createIssue(
        [],
        "this is a keyway serve file (providerKeys, configurations, ...); a configuration file holds one access-key configuration (name, access, router)",
      ),
    ];
  }
  if (!isRecord(value)) {
    const result = validateConfiguration(value); // says what the file must be
    return result.ok ? result.warnings : result.issues;
  }
  const issues: ConfigurationIssue[] = [];
  const copy = structuredClone(value);
  const replaced = checkReferenceShapes(copy, issues).map(locationPointer);
  const isReplaced = (pointer: string) =>
    replaced.some((prefix) => pointer === prefix || pointer.startsWith(`${prefix}/`));
  issues.push(
    ...validateWithNamedKeys(copy, { field: "key" }).issues.filter((issue) => !isReplaced(issue.pointer)),
  );
  if (known !== undefined) checkKeyNames(copy, known, issues);
  return issues;
}

/**
 * Files of one folder that would make the same configuration: `prod.yaml` and `prod.json` would both
 * be the resource `prod`. The second one gets the error.
 */
export function sameNameIssues(files: readonly ConfigurationFile[]): LocatedIssue[] {
  const first = new Map<string, string>();
  const issues: LocatedIssue[] = [];
  for (const file of files) {
    const earlier = first.get(file.name);
    if (earlier === undefined) first.set(file.name, file.path);
    else {
      const message = `${earlier} also defines configuration ${display(file.name)} (a configuration is named after its file); keep one of them`;
      issues.push({ file: file.path, line: 1, column: 1, path: "", pointer: "", message, severity: "error" });
    }
  }
  return issues;
}
