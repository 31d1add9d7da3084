/**
 * The two sides `keyway diff` compares: two files, two folders, or one folder at two git revisions
 * (`--git main..HEAD routing/`; `a...b` compares b with its merge base with a, as a pull request does;
 * a single revision compares it with the files on disk).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";
import {
  configurationNameOf,
  hasConfigurationExtension,
  isKeyCatalogFile,
} from "../provider/configuration-files/file-kinds";
import type { SourceFile } from "./diff-configurations";

/** A reason the sides cannot be read: a usage error. */
export class DiffSourceError extends Error {
  override readonly name = "DiffSourceError";
}

/** Two paths, both files or both folders. */
export function readPaths(base: string, head: string): { base: SourceFile[]; head: SourceFile[] } {
  const [baseIsFolder, headIsFolder] = [isFolder(base), isFolder(head)];
  if (baseIsFolder !== headIsFolder)
    throw new DiffSourceError(`${base} and ${head}: compare two files or two folders`);
  if (baseIsFolder) return { base: readFolder(base), head: readFolder(head) };
  // Two single files are the same configuration, whatever their names.
  const id = configurationNameOf(head);
  return {
    base: [{ id, path: base, text: readFileSync(base, "utf8") }],
    head: [{ id, path: head, text: readFileSync(head, "utf8") }],
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new DiffSourceError(`${path}: no such file or folder`);
  }
}

/** Every configuration file under a folder, named by its path inside it without extension. */
export function readFolder(folder: string): SourceFile[] {
  return listFolder(folder).map((inside) => ({
    id: idOf(inside),
    path: join(folder, inside),
    text: readFileSync(join(folder, inside), "utf8"),
  }));
}

function listFolder(folder: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true })) {
    const inside = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") {
      found.push(...listFolder(folder, inside));
    } else if (entry.isFile() && isConfigurationFile(entry.name)) found.push(inside);
  }
  return found.sort();
}

function isConfigurationFile(name: string): boolean {
  return (
    hasConfigurationExtension(name) && !isKeyCatalogFile(name) && !/^Pulumi(\.[^.]+)?\.ya?ml$/.test(name)
  );
}

/** `team-a/prod.yaml` -> `team-a/prod`. */
function idOf(inside: string): string {
  return inside.slice(0, inside.length - extname(inside).length);
}

/**
 * One folder at two revisions. `range` is `a..b` (empty sides are HEAD), `a...b` (b against its merge
 * base with a), or `a` alone (a against the files on disk).
 */
export function readGitRevisions(range: string, folder: string): { base: SourceFile[]; head: SourceFile[] } {
  const root = git(["rev-parse", "--show-toplevel"], process.cwd()).trim();
  const inRepository = relative(root, resolve(folder)).split(sep).join("/");
  const symmetric = range.indexOf("...");
  const twoDot = range.indexOf("..");
  if (twoDot === -1)
    return { base: readAtRevision(range, root, inRepository, folder), head: readFolder(folder) };
  const left = range.slice(0, twoDot) || "HEAD";
  const right = range.slice(twoDot + (symmetric === twoDot ? 3 : 2)) || "HEAD";
  const base = symmetric === twoDot ? git(["merge-base", left, right], root).trim() : left;
  return {
    base: readAtRevision(base, root, inRepository, folder),
    head: readAtRevision(right, root, inRepository, folder),
  };
}

function readAtRevision(revision: string, root: string, inRepository: string, folder: string): SourceFile[] {
  git(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], root);
  const prefix = inRepository === "" ? "" : `${inRepository}/`;
  const listed = git(["ls-tree", "-r", "--name-only", "-z", revision, "--", prefix || "."], root)
    .split("\0")
    .filter((path) => path.startsWith(prefix) && path.length > prefix.length);
  return listed
    .map((path) => path.slice(prefix.length))
    .filter((inside) => !inside.split("/").some((part) => part.startsWith(".") || part === "node_modules"))
    .filter((inside) => isConfigurationFile(inside.split("/").at(-1) ?? ""))
    .sort()
    .map((inside) => ({
      id: idOf(inside),
      path: join(folder, inside),
      text: git(["show", `${revision}:${prefix}${inside}`], root),
    }));
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const what =
      args[0] === "rev-parse" && args[1] === "--verify"
        ? `unknown revision ${JSON.stringify(args[3]?.replace("^{commit}", ""))}`
        : stderr || String(error);
    throw new DiffSourceError(`git ${args[0]}: ${what}`);
  }
}
