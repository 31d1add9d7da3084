import type { PropertyMap } from "./wire";

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
