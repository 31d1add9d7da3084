import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { type PropertyMap, stripSecrets, wireSecret } from "./wire";

export interface StartPluginOptions {
  /**
   * The plugin's working directory: the user's Pulumi project directory. `@pulumi/pulumi` (and so
   * the plugin script) is resolved from here, as the real `pulumi-resource-pulumi-nodejs` shell
   * script does with `require.resolve('@pulumi/pulumi/cmd/dynamic-provider')`. Default: this repo.
   */
  cwd?: string;
  /** Environment of the plugin process, added to process.env (e.g. AWS_ENDPOINT_URL). */
  env?: Record<string, string | undefined>;
  /** Stack config sent in Configure, as full keys ("project:name"). Configure is sent on start. */
  config?: Record<string, unknown>;
  /** Which config keys are secret: sent wrapped, as an engine that accepts secrets would. */
  secretConfigKeys?: string[];
  /** How long to wait for the plugin to print its port. Default 15 s. */
  startTimeoutMs?: number;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
  /** Top-level names of `news` that contained a secret before the driver stripped it. */
  secretInputNames: string[];
}

export interface DiffResult {
  /** The plugin answers "unknown" when the provider has no diff or returns no `changes`. */
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CreateResult {
  id: string;
  properties: PropertyMap;
}

export interface ReadResult {
  /** Empty when the provider reports the resource as gone. */
  id: string;
  properties: PropertyMap;
  /** Only present if the provider's read returned `inputs`. */
  inputs?: PropertyMap;
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
}

/** One call the driver made, for asserting the engine's call order. */
export interface ProviderCall {
  method: "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";
  urn?: string;
  id?: string;
}

/**
 * A gRPC error from the plugin. Provider exceptions arrive as code UNKNOWN with the message; an error
 * thrown from create/update that carries an `id` arrives with `initFailure` (the engine turns it into
 * ErrorResourceInitFailed and records a partially initialised resource).
 */
export class ProviderCallError extends Error {
  constructor(
    readonly method: ProviderCall["method"],
    readonly code: number,
    readonly details: string,
    readonly initFailure?: { id: string; properties: PropertyMap; reasons: string[] },
  ) {
    super(`${method} failed (gRPC code ${code}): ${details}`);
    this.name = "ProviderCallError";
  }
}

/**
 * The real dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`) in a child process,
 * with typed methods that send the same requests the engine sends. Secret wrappers in inputs are
 * stripped before sending, as the engine does for a provider that answered acceptSecrets=false.
 */
export interface DynamicProviderPlugin {
  readonly port: number;
  /** The plugin script that runs, resolved from the plugin's cwd. */
  readonly script: string;
  readonly calls: readonly ProviderCall[];
  /** Everything the plugin printed after its port line, and on stderr: this reaches the user's terminal. */
  output(): { stdout: string; stderr: string };
  configure(options?: {
    variables?: Record<string, unknown>;
    secretKeys?: string[];
    acceptSecrets?: boolean;
  }): Promise<ConfigureResult>;
  check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult>;
  create(urn: string, properties: PropertyMap, options?: { preview?: boolean }): Promise<CreateResult>;
  read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<PropertyMap>;
  delete(id: string, urn: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the plugin the way the engine does: `node <cmd/dynamic-provider> <engine address>`, then
 * reads the port from its first stdout line and sends Configure.
 *
 * The engine-address argument must be present (the plugin exits with "fatal: Missing <engine>
 * address" otherwise) but is never used: the plugin opens no connection to the engine, and
 * `pulumi.log` inside provider code falls back to the console (it would only reach the engine if
 * PULUMI_NODEJS_ENGINE were set). So provider logs end up on the plugin's stdout/stderr, captured here.
 *
 * A `require()` inside a provider method resolves from the plugin's cwd: the plugin loads
 * `__provider` with require-from-string 2.0.2, which builds the module's lookup paths from
 * `Module._nodeModulePaths(path.dirname(""))`, i.e. `<cwd>/node_modules` and its parents.
 *
 * @example
 * const plugin = await startDynamicProviderPlugin({ env: { AWS_ENDPOINT_URL: endpoint } });
 * const checked = await plugin.check(urn, {}, resource.wireInputs);
 * const created = await plugin.create(urn, checked.inputs);
 * await plugin.stop();
 */
export async function startDynamicProviderPlugin(
  options: StartPluginOptions = {},
): Promise<DynamicProviderPlugin> {
  const cwd = options.cwd ?? path.resolve(__dirname, "../../..");
  const script = createRequire(path.join(cwd, "package.json")).resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const port = await readPort(
    child,
    options.startTimeoutMs ?? 15_000,
    () => stderr,
    (rest) => {
      stdout += rest;
    },
  );
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });

  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const plugin = createPluginClient(client, child, port, script, () => ({ stdout, stderr }));
  await plugin.configure({ variables: options.config, secretKeys: options.secretConfigKeys });
  return plugin;
}

function createPluginClient(
  client: ResourceProviderClient,
  child: ChildProcess,
  port: number,
  script: string,
  output: () => { stdout: string; stderr: string },
): DynamicProviderPlugin {
  const calls: ProviderCall[] = [];
  const invoke = <Response>(
    call: ProviderCall,
    send: (callback: (error: grpc.ServiceError | null, response: Response) => void) => void,
  ): Promise<Response> => {
    calls.push(call);
    return new Promise((resolve, reject) => {
      send((error, response) => {
        if (error) reject(toProviderCallError(call.method, error));
        else resolve(response);
      });
    });
  };

  return {
    port,
    script,
    calls,
    output,

    async configure({ variables = {}, secretKeys = [], acceptSecrets = true } = {}) {
      const request = new providerPb.ConfigureRequest();
      const args: PropertyMap = {};
      for (const [key, value] of Object.entries(variables)) {
        request.getVariablesMap().set(key, typeof value === "string" ? value : JSON.stringify(value));
        args[key] = secretKeys.includes(key) ? wireSecret(value) : value;
      }
      request.setArgs(Struct.fromJavaScript(args as never));
      request.setAcceptsecrets(acceptSecrets);
      request.setAcceptresources(true);
      const response = await invoke<providerPb.ConfigureResponse>({ method: "configure" }, (callback) =>
        client.configure(request, callback),
      );
      return {
        acceptSecrets: response.getAcceptsecrets(),
        supportsPreview: response.getSupportspreview(),
        acceptResources: response.getAcceptresources(),
      };
    },

    async check(urn, olds, news) {
      const { plain, secretNames } = stripSecrets(news);
      const request = new providerPb.CheckRequest();
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(plain));
      const response = await invoke<providerPb.CheckResponse>({ method: "check", urn }, (callback) =>
        client.check(request, callback),
      );
      return {
        inputs: fromStruct(response.getInputs()),
        failures: response
          .getFailuresList()
          .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
        secretInputNames: secretNames,
      };
    },

    async diff(id, urn, olds, news, oldInputs) {
      const request = new providerPb.DiffRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(stripSecrets(news).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      const response = await invoke<providerPb.DiffResponse>({ method: "diff", urn, id }, (callback) =>
        client.diff(request, callback),
      );
      const changes = response.getChanges();
      const { DIFF_NONE, DIFF_SOME } = providerPb.DiffResponse.DiffChanges;
      return {
        changes: changes === DIFF_SOME ? "some" : changes === DIFF_NONE ? "none" : "unknown",
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },

    async create(urn, properties, { preview = false } = {}) {
      const request = new providerPb.CreateRequest();
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      request.setPreview(preview);
      const response = await invoke<providerPb.CreateResponse>({ method: "create", urn }, (callback) =>
        client.create(request, callback),
      );
      return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    },

    async read(id, urn, properties, inputs) {
      const request = new providerPb.ReadRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      if (inputs) request.setInputs(toStruct(stripSecrets(inputs).plain));
      const response = await invoke<providerPb.ReadResponse>({ method: "read", urn, id }, (callback) =>
        client.read(request, callback),
      );
      const returnedInputs = response.getInputs();
      return {
        id: response.getId(),
        properties: fromStruct(response.getProperties()),
        ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}),
      };
    },

    async update(id, urn, olds, news, oldInputs) {
      const request = new providerPb.UpdateRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(stripSecrets(news).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      const response = await invoke<providerPb.UpdateResponse>({ method: "update", urn, id }, (callback) =>
        client.update(request, callback),
      );
      return fromStruct(response.getProperties());
    },

    async delete(id, urn, properties, oldInputs) {
      const request = new providerPb.DeleteRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      await invoke<unknown>({ method: "delete", urn, id }, (callback) => client.delete(request, callback));
    },

    async stop() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function readPort(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
  rest: (text: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.kill("SIGKILL");
      reject(
        new Error(
          `dynamic-provider plugin ${reason}\n--- stdout ---\n${buffered}\n--- stderr ---\n${stderr()}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline === -1) return;
      const port = Number(buffered.slice(0, newline).trim());
      if (!Number.isInteger(port) || port <= 0) return fail("printed no port");
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      rest(buffered.slice(newline + 1));
      resolve(port);
    };
    const onExit = (code: number | null) => fail(`exited (code ${code}) before printing its port`);
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

function toProviderCallError(method: ProviderCall["method"], error: grpc.ServiceError): ProviderCallError {
  // The plugin packs ErrorResourceInitFailed into a google.rpc.Status in this trailer.
  const [statusBytes] = error.metadata?.get("grpc-status-details-bin") ?? [];
  let initFailure: ProviderCallError["initFailure"];
  if (statusBytes) {
    const status = Status.deserializeBinary(
      typeof statusBytes === "string" ? Buffer.from(statusBytes) : statusBytes,
    );
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const failed = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      initFailure = {
        id: failed.getId(),
        properties: fromStruct(failed.getProperties()),
        reasons: failed.getReasonsList(),
      };
    }
  }
  return new ProviderCallError(method, error.code, error.details, initFailure);
}

function toStruct(properties: PropertyMap): Struct {
  return Struct.fromJavaScript(properties as never);
}

function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

// urn:pulumi:<stack>::<project>::<qualified type>::<name>
function nameOf(urn: string): string {
  return urn.split("::")[3] ?? "";
}

function typeOf(urn: string): string {
  return urn.split("::")[2]?.split("$").pop() ?? "";
}
