import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface KeywayProcess {
  baseUrl: string;
  token?: string;
  /** Everything the process wrote so far (request logs on stdout, banner on stderr). */
  stdout(): string;
  stderr(): string;
  stop(): Promise<number | null>;
}

const CLI = join(__dirname, "..", "..", "dist", "cli", "keyway.js");

/**
 * Runs the built `keyway serve --port 0` as a user would (a separate Node process) and waits for the
 * URL it prints. Needs `npm run build` (the test command builds first).
 */
export async function startKeywayServe(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<KeywayProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keyway serve did not start: ${err}`)), 15_000);
    const check = () => {
      const match = /keyway listening on (\S+)/.exec(err);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`keyway serve exited with ${code}: ${err}`));
    });
  });
  return {
    baseUrl,
    token: /access token for this run: (\S+)/.exec(err)?.[1],
    stdout: () => out,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}
