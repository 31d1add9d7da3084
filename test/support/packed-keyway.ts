import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs, constants as fsConstants } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "../..");
/**
 * Outside the repository on purpose: a project inside it would resolve missing packages from the
 * repo's own node_modules by walking up, hiding exactly the bugs this project exists to catch
 * (reference F8, F12).
 */
const CACHE_ROOT = path.join(os.tmpdir(), "keyway-engine-tests");
const INSTALLED_MARKER = ".keyway-installed";

export interface PackedKeywayProject {
  /** A Pulumi project directory with keyway installed from its npm tarball, as a user has it. */
  dir: string;
  /** The tarball that was installed. */
  tarball: string;
  /** sha256 of the tarball; the project directory is keyed by it. */
  hash: string;
  /** Copies a program file into the project (programs resolve `require` from their own folder). */
  addProgram(sourceFile: string, fileName?: string): Promise<string>;
}

let packed: Promise<PackedKeywayProject> | undefined;

/**
 * Builds keyway, packs it with `npm pack` and installs the tarball into a separate project
 * directory, so a program run from there (and the dynamic-provider plugin started there) resolves
 * `keyway/...` from node_modules exactly as for a real user. The project is reused across calls in
 * one process and across processes while the tarball's content stays the same. Slow the first time
 * (`npm install`): give the calling test or hook a generous timeout.
 *
 * @example
 * const project = await installPackedKeyway();
 * const program = await project.addProgram("test/fixtures/engine/require-keyway-program.js");
 * const run = await runProgramUnderMocks(program, { cwd: project.dir });
 * const plugin = await startDynamicProviderPlugin({ cwd: project.dir });
 */
export function installPackedKeyway(): Promise<PackedKeywayProject> {
  packed ??= withLock(path.join(CACHE_ROOT, "lock"), buildPackAndInstall);
  packed.catch(() => {
    packed = undefined;
  });
  return packed;
}

async function buildPackAndInstall(): Promise<PackedKeywayProject> {
  await step(
    "build",
    process.execPath,
    [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    REPO_ROOT,
  );

  const packDir = await fs.mkdtemp(path.join(CACHE_ROOT, "pack-"));
  const packOutput = await step(
    "npm pack",
    "npm",
    ["pack", "--json", "--pack-destination", packDir],
    REPO_ROOT,
  );
  const [{ filename }] = JSON.parse(packOutput) as [{ filename: string }];
  const tarball = path.join(packDir, filename);
  const hash = createHash("sha256")
    .update(await fs.readFile(tarball))
    .digest("hex");

  const dir = path.join(CACHE_ROOT, `project-${hash.slice(0, 16)}`);
  if (await exists(path.join(dir, INSTALLED_MARKER))) {
    const now = new Date();
    await fs.utimes(dir, now, now); // keeps it from being pruned while in use
  } else {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(tarball, path.join(dir, "keyway.tgz"));
    const keywayManifest = JSON.parse(await fs.readFile(path.join(REPO_ROOT, "package.json"), "utf8"));
    const manifest = {
      name: "keyway-engine-test-project",
      version: "0.0.0",
      private: true,
      main: "index.js",
      dependencies: {
        "@pulumi/pulumi": keywayManifest.dependencies["@pulumi/pulumi"],
        keyway: "file:keyway.tgz",
      },
    };
    await fs.writeFile(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.writeFile(path.join(dir, "Pulumi.yaml"), "name: project\nruntime: nodejs\n");
    await step(
      "npm install",
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
      dir,
    );
    await fs.writeFile(path.join(dir, INSTALLED_MARKER), `${tarball}\n`);
  }
  await fs.rm(packDir, { recursive: true, force: true });
  await pruneOldProjects(dir);

  return {
    dir,
    tarball: path.join(dir, "keyway.tgz"),
    hash,
    async addProgram(sourceFile, fileName = path.basename(sourceFile)) {
      const target = path.join(dir, fileName);
      await fs.copyFile(path.resolve(sourceFile), target);
      return target;
    },
  };
}

/** Projects of older tarballs pile up as keyway changes: drop those unused for a day. */
async function pruneOldProjects(current: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const entry of await fs.readdir(CACHE_ROOT)) {
    const dir = path.join(CACHE_ROOT, entry);
    if (!entry.startsWith("project-") || dir === current) continue;
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && stat.mtimeMs < dayAgo) await fs.rm(dir, { recursive: true, force: true });
  }
}

async function step(label: string, command: string, args: string[], cwd: string): Promise<string> {
  // The Node running the tests also runs npm and tsc (it may not be the first `node` on PATH).
  // Under `npm test` the environment describes keyway's own package (npm_config_local_prefix,
  // npm_package_*): keep only settings such as the registry and cache for the nested npm.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!isKeywayPackageVariable(key)) env[key] = value;
  }
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${label} failed in ${cwd}: ${(error as Error).message}\n${stdout}\n${stderr}`);
  }
}

function isKeywayPackageVariable(key: string): boolean {
  return key === "INIT_CWD" || key === "npm_config_local_prefix" || /^npm_(package|lifecycle)_/.test(key);
}

/** One build/pack/install at a time across vitest workers; a lock left by a dead process is taken over. */
async function withLock<T>(lockDir: string, action: () => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!(await ownerAlive(lockDir))) await fs.rm(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await action();
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

async function ownerAlive(lockDir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await fs.readFile(path.join(lockDir, "pid"), "utf8"));
  } catch {
    // Just created and the pid not written yet, unless its owner died in between.
    const created = await fs.stat(lockDir).catch(() => undefined);
    return created !== undefined && Date.now() - created.mtimeMs < 30_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
