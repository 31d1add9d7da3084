import { fork } from "node:child_process";
import * as path from "node:path";
import { isWireSecret, type PropertyMap, stripSecrets } from "./wire";

const CHILD_SCRIPT = path.join(__dirname, "run-program-child.cjs");

export interface RunProgramOptions {
  /** Working directory of the program process (the Pulumi project directory). Default: the program's folder. */
  cwd?: string;
  /** Default "project" and "stack", as in setMocks. */
  project?: string;
  stack?: string;
  /** Run as `pulumi preview`: outputs the mocks don't return stay unknown. Default false. */
  preview?: boolean;
  /** Stack config. A key without a namespace gets the project's ("secretName" → "project:secretName"). */
  config?: Record<string, unknown>;
  /** Stack config set with `--secret`; the program sees `config.requireSecret(...)` values as secrets. */
  secretConfig?: Record<string, unknown>;
  /** What the mock returns per resource name. Default: id `<name>-id`, state = the inputs it received. */
  resourceResults?: Record<string, { id?: string; state?: PropertyMap }>;
  /** What the mock returns per invoke token. Default: the invoke's inputs. */
  callResults?: Record<string, PropertyMap>;
  /** Extra environment for the program process. */
  env?: Record<string, string>;
  /** Kill the program and fail after this long. Default 20 s. */
  timeoutMs?: number;
}

/** One resource registration, as the engine would receive it. */
export interface CapturedResource {
  type: string;
  name: string;
  urn: string;
  /** The id the mock answered with. */
  id: string;
  custom: boolean;
  parent: string;
  /** Inputs exactly as the mock's newResource received them: secrets wrapped, `__provider` as text. */
  inputs: PropertyMap;
  /** The RegisterResourceRequest's object as the engine gets it (secrets wrapped, unknowns as the sentinel). */
  wireInputs: PropertyMap;
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  dependencies: string[];
  provider: string;
}

export interface ProgramRun {
  /** Custom resources in registration order (a valid dependency order for the engine). */
  resources: CapturedResource[];
  /** Component resources (no provider calls). */
  components: CapturedResource[];
  /** Stack outputs with secrets unwrapped; `secretOutputNames` says which were secret. */
  outputs: PropertyMap;
  secretOutputNames: string[];
  /** Stack outputs as sent to the engine (secrets wrapped, unknowns as the sentinel). */
  wireOutputs: PropertyMap;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export class ProgramRunError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "ProgramRunError";
  }
}

/**
 * Runs a plain-JS CommonJS Pulumi program under `pulumi.runtime.setMocks` in a child Node process
 * and captures every resource registration. Runs outside the vitest worker on purpose: Vite's
 * module transform changes what closure serialization sees (reference F11).
 *
 * @example
 * const run = await runProgramUnderMocks("test/fixtures/engine/secret-program.js", {
 *   config: { secretName: "demo" },
 *   secretConfig: { secretValue: "s3cret" },
 * });
 * const [secret] = run.resources;
 * expect(typeof secret?.inputs.__provider).toBe("string");
 */
export async function runProgramUnderMocks(
  programFile: string,
  options: RunProgramOptions = {},
): Promise<ProgramRun> {
  const project = options.project ?? "project";
  const absoluteProgram = path.resolve(programFile);
  const started = Date.now();
  const child = fork(
    CHILD_SCRIPT,
    [
      JSON.stringify({
        programFile: absoluteProgram,
        project,
        stack: options.stack ?? "stack",
        preview: options.preview ?? false,
        resourceResults: options.resourceResults,
        callResults: options.callResults,
      }),
    ],
    {
      cwd: options.cwd ?? path.dirname(absoluteProgram),
      env: { ...process.env, ...options.env, ...configEnvironment(project, options) },
      // Plain Node: no flags inherited from the vitest worker.
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );

  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });

  const timeoutMs = options.timeoutMs ?? 20_000;
  const message = await new Promise<ChildMessage | undefined>((resolve, reject) => {
    let received: ChildMessage | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new ProgramRunError(
          `program ${programFile} did not finish within ${timeoutMs} ms${describeOutput(stdout, stderr)}`,
          stdout,
          stderr,
        ),
      );
    }, timeoutMs);
    child.on("message", (value) => {
      received = value as ChildMessage;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", () => {
      clearTimeout(timer);
      resolve(received);
    });
  });

  if (!message) {
    throw new ProgramRunError(
      `program ${programFile} exited (code ${child.exitCode}) without a result; a promise may never have settled${describeOutput(stdout, stderr)}`,
      stdout,
      stderr,
    );
  }
  if (!message.ok) {
    throw new ProgramRunError(
      `program ${programFile} failed: ${message.error}${describeOutput(stdout, stderr)}`,
      stdout,
      stderr,
    );
  }

  const registrations = message.registrations;
  const { plain: outputs } = stripSecrets(message.wireOutputs);
  return {
    resources: registrations.filter((resource) => resource.custom),
    components: registrations.filter((resource) => !resource.custom),
    outputs,
    secretOutputNames: Object.keys(message.wireOutputs).filter((name) =>
      isWireSecret(message.wireOutputs[name]),
    ),
    wireOutputs: message.wireOutputs,
    stdout,
    stderr,
    durationMs: Date.now() - started,
  };
}

type ChildMessage =
  | { ok: true; registrations: CapturedResource[]; wireOutputs: PropertyMap }
  | { ok: false; error: string };

/** Stack config the way the language host passes it to the program: two environment variables. */
function configEnvironment(project: string, options: RunProgramOptions): Record<string, string> {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const add = (values: Record<string, unknown> | undefined, secret: boolean) => {
    for (const [key, value] of Object.entries(values ?? {})) {
      const fullKey = key.includes(":") ? key : `${project}:${key}`;
      config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
      if (secret) secretKeys.push(fullKey);
    }
  };
  add(options.config, false);
  add(options.secretConfig, true);
  return { PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

function describeOutput(stdout: string, stderr: string): string {
  return `${stderr ? `\n--- stderr ---\n${stderr}` : ""}${stdout ? `\n--- stdout ---\n${stdout}` : ""}`;
}
