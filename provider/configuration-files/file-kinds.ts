/** Which files hold what: configuration files, the key catalogue, `keyway serve` files. */
import { basename, extname } from "node:path";
import { isRecord } from "../../contract/json-value";

/** The extensions of configuration files (YAML, or JSON, which YAML reads too). */
export const CONFIGURATION_FILE_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

export function hasConfigurationExtension(file: string): boolean {
  return CONFIGURATION_FILE_EXTENSIONS.includes(extname(file).toLowerCase());
}

/** `routing/prod.yaml` -> `prod`: the configuration's key, and the resource name the loader derives. */
export function configurationNameOf(file: string): string {
  return basename(file, extname(file));
}

/** `keyway.keys.yaml` (or `.yml`, `.json`): the provider key names routing files may use, for `keyway validate`. */
export function isKeyCatalogFile(file: string): boolean {
  return /^keyway\.keys\.(ya?ml|json)$/i.test(basename(file));
}

const SERVE_FILE_SECTIONS = ["providerKeys", "configurations", "accessKeys", "providers", "settings"];

/**
 * A `keyway serve` file has top-level sections (`providerKeys`, `configurations`, ...) where a
 * configuration file has `name` and `router`.
 */
export function looksLikeServeFile(value: unknown): boolean {
  if (!isRecord(value) || "name" in value || "router" in value) return false;
  return SERVE_FILE_SECTIONS.some((section) => section in value);
}
