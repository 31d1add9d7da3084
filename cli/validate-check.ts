/**
 * What `keyway validate` checks in each file: configuration files (the validator, key names against
 * the key catalogue, advice), key catalogues themselves, and `keyway serve` files (their own loader).
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { loadServeFile } from "../gateway-lambda/store/serve-file/load-serve-file";
import type { LocatedIssue } from "../gateway-lambda/store/serve-file/located-issue";
import { locateIssues, parseYamlSource } from "../gateway-lambda/store/serve-file/yaml-source";
import {
  type ConfigurationFile,
  checkConfigurationFile,
  sameNameIssues,
} from "../provider/configuration-files/configuration-file";
import { isKeyCatalogFile, looksLikeServeFile } from "../provider/configuration-files/file-kinds";
import type { KnownKeys } from "../provider/configuration-files/key-reference-checks";
import { adviseOnConfiguration } from "./validate-advice";
import { findKeyCatalog, type KeyCatalog, readKeyCatalog } from "./validate-key-catalog";

export interface ValidateOptions {
  /**
   * `--keys`: the keys every file may name, listed inline or in a catalogue file; otherwise each
   * file's nearest `keyway.keys.yaml`.
   */
  keys?: { inline: KnownKeys } | { file: string };
  /** For the `${NAME}` references of serve files. */
  env: NodeJS.ProcessEnv;
  /** Paths in messages are relative to it when found by search. */
  cwd: string;
}

export interface ValidateReport {
  files: number;
  issues: LocatedIssue[];
  /** Configuration files whose key names could not be checked: no catalogue applied to them. */
  unchecked: string[];
}

/**
 * @example
 * const report = validateFiles(["routing/prod.yaml"], { env: process.env, cwd: process.cwd() });
 * report.issues.filter((issue) => issue.severity === "error").length; // 0 when valid
 */
export function validateFiles(paths: readonly string[], options: ValidateOptions): ValidateReport {
  const catalogs = new CatalogCache(options.cwd);
  const issues: LocatedIssue[] = [];
  const configurations: ConfigurationFile[] = [];
  const unchecked: string[] = [];
  for (const path of paths) {
    const text = readFileSync(path, "utf8");
    if (isKeyCatalogFile(path)) {
      catalogs.read(path); // its issues are reported with every catalogue's, once
      continue;
    }
    const parsed = parseYamlSource(text, path);
    if (parsed.ok && looksLikeServeFile(parsed.source.value)) {
      const result = loadServeFile(text, { path, env: withStandIns(options.env, text) });
      issues.push(...(result.ok ? result.warnings : result.issues));
      continue;
    }
    const known = keysFor(path, options.keys, catalogs);
    if (known === undefined) unchecked.push(path);
    const file = checkConfigurationFile(text, path, known);
    configurations.push(file);
    issues.push(...file.issues);
    // Advice on a file that does not work yet would only add noise.
    const valid = file.issues.every((issue) => issue.severity !== "error");
    if (valid && file.value && file.source) {
      issues.push(...locateIssues(adviseOnConfiguration(file.value), file.source));
    }
  }
  issues.push(...catalogs.issues(), ...sameFolderNameIssues(configurations));
  return { files: paths.length, issues: sortByFile(issues, paths), unchecked };
}

function keysFor(
  file: string,
  option: ValidateOptions["keys"],
  catalogs: CatalogCache,
): KnownKeys | undefined {
  if (option === undefined) return catalogs.near(file)?.keys;
  return "inline" in option ? option.inline : catalogs.read(option.file).keys;
}

/** Key catalogues, each read once however many files it applies to. */
class CatalogCache {
  private readonly catalogs = new Map<string, KeyCatalog>();

  constructor(private readonly cwd: string) {}

  read(path: string): KeyCatalog {
    const key = resolve(this.cwd, path);
    let catalog = this.catalogs.get(key);
    if (catalog === undefined) {
      catalog = readKeyCatalog(readFileSync(key, "utf8"), path);
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  near(file: string): KeyCatalog | undefined {
    const found = findKeyCatalog(dirname(resolve(this.cwd, file)));
    return found === undefined ? undefined : this.read(relative(this.cwd, found));
  }

  issues(): LocatedIssue[] {
    return [...this.catalogs.values()].flatMap((catalog) => catalog.issues);
  }
}

function sameFolderNameIssues(files: readonly ConfigurationFile[]): LocatedIssue[] {
  const byFolder = new Map<string, ConfigurationFile[]>();
  for (const file of files)
    byFolder.set(dirname(file.path), [...(byFolder.get(dirname(file.path)) ?? []), file]);
  return [...byFolder.values()].flatMap((folder) => sameNameIssues(folder));
}

/**
 * CI checks a serve file without its secrets: a variable that is not set gets a stand-in value (long
 * enough, and different per variable, so no token is "short" and no two collide).
 */
function withStandIns(env: NodeJS.ProcessEnv, text: string): NodeJS.ProcessEnv {
  const filled: NodeJS.ProcessEnv = { ...env };
  for (const [, name] of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (name !== undefined && filled[name] === undefined)
      filled[name] = `keyway-validate-stand-in-for-${name}`;
  }
  return filled;
}

/** Files in the order given, each file's issues by position. */
function sortByFile(issues: LocatedIssue[], paths: readonly string[]): LocatedIssue[] {
  const rank = (file: string) => {
    const index = paths.indexOf(file);
    return index === -1 ? paths.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        rank(a.issue.file) - rank(b.issue.file) ||
        (a.issue.file < b.issue.file ? -1 : a.issue.file > b.issue.file ? 1 : 0) ||
        a.issue.line - b.issue.line ||
        a.issue.column - b.issue.column ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
