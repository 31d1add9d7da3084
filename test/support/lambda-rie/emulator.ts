import { type ChildProcess, execFile, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "../../..");
const INSTALLER = path.join(__dirname, "install-emulator.sh");

/** The official AWS Lambda Runtime Interface Emulator and Node.js runtime interface client. */
export interface EmulatorTools {
  /** The `aws-lambda-rie` binary, built with `go install`. */
  rie: string;
  /** `aws-lambda-ric`'s entry (`index.mjs`), the runtime client of the managed Node.js runtime. */
  ric: string;
}

/**
 * Installs the emulator and the runtime client into .tools/ when missing (test/run-all.sh already
 * did on a `npm test` run; this covers `npx vitest run` alone). Slow the first time (a Go build and a
 * native addon build, a minute or two): give the calling hook a generous timeout.
 */
export async function installEmulator(): Promise<EmulatorTools> {
  try {
    const { stdout } = await run("bash", [INSTALLER], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` },
      maxBuffer: 16 * 1024 * 1024,
    });
    const paths = Object.fromEntries(
      stdout
        .trim()
        .split("\n")
        .map((line) => line.split("=", 2)),
    );
    return { rie: paths.rie, ric: paths.ric };
  } catch (error) {
    const { stderr = "" } = error as { stderr?: string };
    throw new Error(
      `Could not install the Lambda emulator (test/support/lambda-rie/install-emulator.sh):\n${stderr}`,
    );
  }
}

/** What the emulator's invoke endpoint answered: the function's response as the Lambda service gets it. */
export interface Invocation {
  status: number;
  contentType: string | null;
  body: Buffer;
}

export interface EmulatedFunction {
  /** `POST /2015-03-31/functions/function/invocations` with the event as JSON. */
  invoke(event: unknown): Promise<Invocation>;
  /** What the emulator and the function process printed so far (logs, START/END/REPORT lines). */
  output(): string;
  stop(): Promise<void>;
}

export interface EmulatedFunctionOptions {
  tools: EmulatorTools;
  /** The function's code folder (LAMBDA_TASK_ROOT), holding `index.js`. */
  taskRoot: string;
  /** `file.export`, e.g. `index.handler`. */
  handler: string;
  /** The function's environment on top of the Lambda basics (AWS_* settings are passed explicitly). */
  environment: Record<string, string>;
}

/**
 * Runs a function as the Lambda service would, as far as one machine can: `aws-lambda-rie` serves the
 * Runtime API and the invoke endpoint, and starts `node aws-lambda-ric` on the first invocation (the
 * init phase), which loads the handler from the task root and loops over invocations in one process.
 * The environment is explicit, like a function's: nothing from the test process leaks in but PATH.
 */
export async function startEmulatedFunction(options: EmulatedFunctionOptions): Promise<EmulatedFunction> {
  const [invokePort, runtimeApiPort] = [await freePort(), await freePort()];
  const child = spawn(
    options.tools.rie,
    [
      "--runtime-interface-emulator-address",
      `127.0.0.1:${invokePort}`,
      "--runtime-api-address",
      `127.0.0.1:${runtimeApiPort}`,
      process.execPath,
      options.tools.ric,
      options.handler,
    ],
    {
      cwd: options.taskRoot,
      // Its own process group, so stop() also ends the runtime process the emulator started.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        LAMBDA_TASK_ROOT: options.taskRoot,
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        AWS_LAMBDA_FUNCTION_NAME: "keyway-gateway",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
        AWS_LAMBDA_FUNCTION_TIMEOUT: "20",
        ...pick(process.env, [
          "AWS_ENDPOINT_URL",
          "AWS_REGION",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
        ]),
        ...options.environment,
      },
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await waitForPort(invokePort, child, () => output);
  const endpoint = `http://127.0.0.1:${invokePort}/2015-03-31/functions/function/invocations`;

  return {
    async invoke(event) {
      const response = await fetch(endpoint, { method: "POST", body: JSON.stringify(event) });
      return {
        status: response.status,
        contentType: response.headers.get("content-type"),
        body: Buffer.from(await response.arrayBuffer()),
      };
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits for a TCP listener: any HTTP request to the emulator would invoke the function. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`aws-lambda-rie exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`aws-lambda-rie did not listen on 127.0.0.1:${port} within 10 s:\n${output()}`);
}
