/**
 * How `keyway validate` learns the provider key names routing files may use: a key catalogue,
 * `keyway.keys.yaml`, one `name: provider` line per key:
 *
 * ```yaml
 * # routing/keyway.keys.yaml
 * openai-primary: openai
 * openai-backup: openai
 * anthropic-main: anthropic
 * ```
 *
 * The nearest one in a file's folder or its parents (up to the repository root, the folder holding
 * `.git`) applies, unless `--keys` names a catalogue file or lists the keys inline
 * (`--keys openai-primary=openai,anthropic-main=anthropic`). Without any, key names are not checked.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PROVIDER_ID_PATTERN } from "../contract/builtin-providers";
import { type ConfigurationIssue, createIssue, display } from "../contract/configuration-issue";
import { isRecord } from "../contract/json-value";
import { typeMessage } from "../contract/schema-messages";
import type { LocatedIssue } from "../gateway-lambda/store/serve-file/located-issue";
import { locateIssues, parseYamlSource } from "../gateway-lambda/store/serve-file/yaml-source";
import type { KnownKeys } from "../provider/configuration-files/key-reference-checks";

export const KEY_CATALOG_NAMES = ["keyway.keys.yaml", "keyway.keys.yml", "keyway.keys.json"];

export interface KeyCatalog {
  keys: KnownKeys;
  /** Problems in the catalogue itself, located in it. */
  issues: LocatedIssue[];
}

/**
 * Reads a catalogue file; the keys it declares properly are known even when others are not.
 *
 * @example
 * readKeyCatalog("openai-primary: openai\n", "routing/keyway.keys.yaml").keys.names.get("openai-primary"); // "openai"
 */
export function readKeyCatalog(text: string, path: string): KeyCatalog {
  const names = new Map<string, string | undefined>();
  const keys = { names, source: path };
  const parsed = parseYamlSource(text, path);
  if (!parsed.ok) return { keys, issues: parsed.issues };
  const value = parsed.source.value;
  const issues: ConfigurationIssue[] = [];
  if (!isRecord(value)) {
    const message =
      value === null || value === undefined
        ? "the file is empty; list provider keys as name: provider, e.g. openai-primary: openai"
        : typeMessage("object", value, ["file"]).replace("must be", "the file must be") +
          " (name: provider, e.g. openai-primary: openai)";
    issues.push(createIssue([], message));
  } else {
    for (const [name, provider] of Object.entries(value)) {
      names.set(name, undefined);
      if (typeof provider === "string" && PROVIDER_ID_PATTERN.test(provider)) names.set(name, provider);
      else issues.push({ ...createIssue([name], providerMessage(provider)), path: name });
    }
  }
  return { keys, issues: locateIssues(issues, parsed.source) };
}

function providerMessage(provider: unknown): string {
  if (typeof provider !== "string") {
    return `${typeMessage("string", provider, ["key"])}; write name: provider, e.g. openai-primary: openai`;
  }
  return `${display(provider)} is not a valid provider id; use lowercase letters, digits and "-", e.g. "openai"`;
}

/**
 * `--keys openai-primary=openai,anthropic-main=anthropic`; a message when it is malformed.
 *
 * @example
 * parseInlineKeys("openai-primary=openai"); // { ok: true, keys: { names: Map { "openai-primary" => "openai" }, source: "--keys" } }
 */
export function parseInlineKeys(
  text: string,
): { ok: true; keys: KnownKeys } | { ok: false; message: string } {
  const names = new Map<string, string | undefined>();
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, provider, ...rest] = entry.split("=");
    if (!name || !provider || rest.length > 0 || !PROVIDER_ID_PATTERN.test(provider)) {
      return {
        ok: false,
        message: `--keys: ${JSON.stringify(entry)} is not name=provider (e.g. openai-primary=openai)`,
      };
    }
    names.set(name, provider);
  }
  return { ok: true, keys: { names, source: "--keys" } };
}

/** The nearest catalogue for a file in `directory`: there, or in a parent up to the repository root. */
export function findKeyCatalog(directory: string): string | undefined {
  for (let current = resolve(directory); ; current = dirname(current)) {
    const found = KEY_CATALOG_NAMES.map((name) => join(current, name)).find((file) => existsSync(file));
    if (found !== undefined) return found;
    if (existsSync(join(current, ".git")) || dirname(current) === current) return undefined;
  }
}
