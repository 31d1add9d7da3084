/** The files `keyway validate` checks: those named, and those under the folders named. */
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { hasConfigurationExtension } from "../provider/configuration-files/file-kinds";

/** Folders never searched: hidden ones (`.git`, `.github`) and installed packages. */
const SKIPPED_FOLDERS = new Set(["node_modules"]);

/** Pulumi's project and stack files are YAML too, but not keyway's. */
const PULUMI_FILE = /^Pulumi(\.[^.]+)?\.ya?ml$/;

export type CollectedFiles = { ok: true; files: string[] } | { ok: false; message: string };

/**
 * A named file is checked whatever its name; a folder is searched recursively for `.yaml`, `.yml` and
 * `.json` files (not `Pulumi.yaml` nor `Pulumi.<stack>.yaml`). A missing path, or a folder without
 * such files, is a usage error.
 *
 * @example
 * collectFiles(["routing"]); // { ok: true, files: ["routing/keyway.keys.yaml", "routing/prod.yaml"] }
 */
export function collectFiles(paths: readonly string[]): CollectedFiles {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return { ok: false, message: `${path}: no such file or folder` };
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const found = searchFolder(path);
    if (found.length === 0)
      return { ok: false, message: `${path}: no .yaml, .yml or .json files in this folder` };
    files.push(...found);
  }
  return { ok: true, files: [...new Set(files)] };
}

function searchFolder(folder: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) found.push(...searchFolder(path));
    } else if (entry.isFile() && hasConfigurationExtension(entry.name) && !PULUMI_FILE.test(basename(path))) {
      found.push(path);
    }
  }
  return found;
}
