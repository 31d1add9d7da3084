import { isDeepStrictEqual } from "node:util";
import {
  type CheckFailure,
  type DiffResult,
  type DynamicProviderPlugin,
  ProviderCallError,
} from "./plugin-types";
import type { CapturedResource } from "./run-program";
import { type PropertyMap, toState } from "./wire";

// The engine's step logic for one dynamic resource, reduced to what the dynamic plugin can answer
// (it never supports preview of create/update, never returns detailed diffs). Not modelled:
// ignoreChanges, replaceOnChanges, protect, aliases, retainOnDelete, parallelism.

/** What the engine keeps for a resource between deployments. */
export interface EngineResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** Checked inputs, as the provider will receive them as `olds` in the next Check (plaintext). */
  inputs: PropertyMap;
  /** Provider outputs, as the provider will receive them in Diff/Update/Read/Delete (plaintext). */
  outputs: PropertyMap;
  secretInputNames: string[];
  additionalSecretOutputs: string[];
  /** What the checkpoint file would hold: secret properties replaced by ciphertext. */
  stored: { inputs: PropertyMap; outputs: PropertyMap };
}

export type StepOperation = "create" | "update" | "replace" | "same";

export interface UpResult {
  operation: StepOperation;
  state: EngineResourceState;
  diff?: DiffResult;
}

export interface PreviewResult {
  operation: StepOperation;
  /** Inputs after Check; contains the unknown sentinel where the program's values were unknown. */
  checkedInputs: PropertyMap;
  diff?: DiffResult;
}

/** Check returned failures: the engine stops before any create/update ("resource has check errors"). */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
  ) {
    super(
      `${urn} has check errors: ${failures.map((failure) => `${failure.property}: ${failure.reason}`).join("; ")}`,
    );
    this.name = "CheckFailedError";
  }
}

/**
 * A create or update failed. If the provider's error carried an `id`, the engine records the
 * partially initialised resource: `partialState` is what it would keep.
 */
export class StepFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly providerError: ProviderCallError,
    readonly partialState?: EngineResourceState,
  ) {
    super(`${urn}: ${providerError.message}`, { cause: providerError });
    this.name = "StepFailedError";
  }
}

/**
 * `pulumi up` for one resource: Check, then Create (new) or Diff then Update / replace / nothing.
 * A replace re-runs Check with no olds, creates the new resource and deletes the old one after it
 * (the end of this one-resource deployment), unless the diff or the resource option asked for
 * delete-before-replace.
 *
 * @example
 * const first = await engineUp(plugin, run.resources[0]);
 * const second = await engineUp(plugin, rerun.resources[0], first.state);
 * await engineDestroy(plugin, second.state);
 */
export async function engineUp(
  plugin: DynamicProviderPlugin,
  resource: CapturedResource,
  previous?: EngineResourceState,
): Promise<UpResult> {
  const [result] = await engineUpStack(plugin, [resource], previous ? [previous] : []);
  if (!result) throw new Error(`no step for ${resource.urn}`);
  return result;
}

/**
 * `pulumi up` for a whole program, in registration order. Deletes of replaced resources
 * (create-before-delete) and of resources no longer in the program run at the end, newest first.
 * Returns one result per program resource, in program order.
 */
export async function engineUpStack(
  plugin: DynamicProviderPlugin,
  resources: readonly CapturedResource[],
  previous: readonly EngineResourceState[] = [],
): Promise<UpResult[]> {
  const pendingDeletes: EngineResourceState[] = [];
  const results: UpResult[] = [];
  for (const resource of resources) {
    const old = previous.find((state) => state.urn === resource.urn);
    results.push(await upResource(plugin, resource, old, pendingDeletes));
  }
  const kept = new Set(resources.map((resource) => resource.urn));
  pendingDeletes.push(...[...previous].reverse().filter((state) => !kept.has(state.urn)));
  for (const state of pendingDeletes) await plugin.delete(state.id, state.urn, state.outputs, state.inputs);
  return results;
}

async function upResource(
  plugin: DynamicProviderPlugin,
  resource: CapturedResource,
  old: EngineResourceState | undefined,
  pendingDeletes: EngineResourceState[],
): Promise<UpResult> {
  const checked = await check(plugin, resource, old?.inputs ?? {});
  if (!old)
    return {
      operation: "create",
      state: await create(plugin, resource, checked.inputs, checked.secretInputNames),
    };

  const diff = await plugin.diff(old.id, resource.urn, old.outputs, checked.inputs, old.inputs);
  const operation = decide(diff, old.inputs, checked.inputs);
  if (operation === "same") {
    // A same step keeps the old outputs and takes the new inputs.
    return {
      operation,
      diff,
      state: buildState(resource, old.id, checked.inputs, old.outputs, checked.secretInputNames),
    };
  }
  if (operation === "update") {
    let outputs: PropertyMap;
    try {
      outputs = await plugin.update(old.id, resource.urn, old.outputs, checked.inputs, old.inputs);
    } catch (error) {
      throw asStepError(resource, error, checked.inputs, checked.secretInputNames);
    }
    return {
      operation,
      diff,
      state: buildState(resource, old.id, checked.inputs, outputs, checked.secretInputNames),
    };
  }
  // Replace: the engine recomputes the inputs as for a new resource.
  const rechecked = await check(plugin, resource, {});
  if (diff.deleteBeforeReplace || resource.deleteBeforeReplace) {
    await plugin.delete(old.id, old.urn, old.outputs, old.inputs);
  } else {
    pendingDeletes.push(old);
  }
  return {
    operation,
    diff,
    state: await create(plugin, resource, rechecked.inputs, rechecked.secretInputNames),
  };
}

/** `pulumi refresh` for one resource: Read. Returns undefined when the provider reports it gone. */
export async function engineRefresh(
  plugin: DynamicProviderPlugin,
  state: EngineResourceState,
): Promise<EngineResourceState | undefined> {
  const read = await plugin.read(state.id, state.urn, state.outputs, state.inputs);
  if (!read.id) return undefined;
  return {
    ...state,
    id: read.id,
    inputs: read.inputs ?? state.inputs,
    outputs: read.properties,
    stored: storedOf(
      read.inputs ?? state.inputs,
      read.properties,
      state.secretInputNames,
      state.additionalSecretOutputs,
    ),
  };
}

/** `pulumi destroy`: Delete, newest first, with the outputs (and `__provider`) stored in state. */
export async function engineDestroy(
  plugin: DynamicProviderPlugin,
  states: EngineResourceState | readonly EngineResourceState[],
): Promise<void> {
  const list = Array.isArray(states) ? [...states] : [states as EngineResourceState];
  for (const state of list.reverse()) await plugin.delete(state.id, state.urn, state.outputs, state.inputs);
}

/**
 * `pulumi preview` for one resource: Check, plus Diff if it exists. The dynamic plugin does not
 * advertise supportsPreview, so the engine never calls Create/Update during a preview. Run the
 * program with `preview: true` to get unknown values (the sentinel) where outputs aren't known yet.
 */
export async function enginePreview(
  plugin: DynamicProviderPlugin,
  resource: CapturedResource,
  previous?: EngineResourceState,
): Promise<PreviewResult> {
  const checked = await check(plugin, resource, previous?.inputs ?? {});
  if (!previous) return { operation: "create", checkedInputs: checked.inputs };
  const diff = await plugin.diff(
    previous.id,
    resource.urn,
    previous.outputs,
    checked.inputs,
    previous.inputs,
  );
  const operation = decide(diff, previous.inputs, checked.inputs);
  if (operation !== "replace") return { operation, checkedInputs: checked.inputs, diff };
  const rechecked = await check(plugin, resource, {});
  return { operation, checkedInputs: rechecked.inputs, diff };
}

async function check(plugin: DynamicProviderPlugin, resource: CapturedResource, olds: PropertyMap) {
  const checked = await plugin.check(resource.urn, olds, resource.wireInputs);
  if (checked.failures.length > 0) throw new CheckFailedError(resource.urn, checked.failures);
  return checked;
}

async function create(
  plugin: DynamicProviderPlugin,
  resource: CapturedResource,
  inputs: PropertyMap,
  secretInputNames: string[],
): Promise<EngineResourceState> {
  try {
    const created = await plugin.create(resource.urn, inputs);
    return buildState(resource, created.id, inputs, created.properties, secretInputNames);
  } catch (error) {
    throw asStepError(resource, error, inputs, secretInputNames);
  }
}

function asStepError(
  resource: CapturedResource,
  error: unknown,
  inputs: PropertyMap,
  secretInputNames: string[],
): unknown {
  if (!(error instanceof ProviderCallError)) return error;
  const partial = error.initFailure;
  return new StepFailedError(
    resource.urn,
    error,
    partial ? buildState(resource, partial.id, inputs, partial.properties, secretInputNames) : undefined,
  );
}

/** Diff "unknown" (no diff method, or no `changes`): the engine compares old and new inputs itself. */
function decide(diff: DiffResult, oldInputs: PropertyMap, newInputs: PropertyMap): StepOperation {
  const changed =
    diff.changes === "some" || (diff.changes === "unknown" && !isDeepStrictEqual(oldInputs, newInputs));
  if (!changed) return "same";
  return diff.replaces.length > 0 ? "replace" : "update";
}

function buildState(
  resource: CapturedResource,
  id: string,
  inputs: PropertyMap,
  outputs: PropertyMap,
  secretInputNames: string[],
): EngineResourceState {
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    id,
    inputs,
    outputs,
    secretInputNames,
    additionalSecretOutputs: resource.additionalSecretOutputs,
    stored: storedOf(inputs, outputs, secretInputNames, resource.additionalSecretOutputs),
  };
}

function storedOf(
  inputs: PropertyMap,
  outputs: PropertyMap,
  secretInputNames: string[],
  additionalSecretOutputs: string[],
): EngineResourceState["stored"] {
  return {
    inputs: toState(inputs, { secretInputNames }),
    outputs: toState(outputs, { secretInputNames, additionalSecretOutputs }),
  };
}
