import { spawnSync } from "node:child_process";
import { join } from "node:path";

const CLI = join(__dirname, "..", "..", "..", "dist", "cli", "keyway.js");

export interface KeywayRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `keyway` as a user would: a separate Node process. Needs `npm run build`. */
export function runKeyway(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): KeywayRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
