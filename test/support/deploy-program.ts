import {
  type DynamicProviderPlugin,
  type EngineResourceState,
  engineUp,
  type ProgramRun,
  type RunProgramOptions,
  runProgramUnderMocks,
  type UpResult,
} from "./engine";

export interface Deployment {
  run: ProgramRun;
  /** Per resource name: the step the engine took and the state it kept. */
  steps: Record<string, UpResult>;
  states: EngineResourceState[];
}

/**
 * `pulumi up` of a whole program through the real plugin. Under mocks a resource's inputs come from
 * what the mocks answered for the resources it depends on, so the program runs again after each
 * wave of steps with the real ids and outputs, until every resource has had its step: the configuration
 * then references the keys' real ids, as with the engine. Resources the program no longer declares
 * are deleted at the end, newest first.
 */
export async function deployProgram(
  plugin: DynamicProviderPlugin,
  programFile: string,
  options: RunProgramOptions,
  previous: readonly EngineResourceState[] = [],
): Promise<Deployment> {
  const steps: Record<string, UpResult> = {};
  const done = new Set<string>();
  const resourceResults: NonNullable<RunProgramOptions["resourceResults"]> = {};
  for (let wave = 0; wave < 10; wave++) {
    const run = await runProgramUnderMocks(programFile, { ...options, resourceResults });
    const pending = run.resources.filter((resource) => !done.has(resource.urn));
    if (pending.length === 0) {
      const kept = new Set(run.resources.map((resource) => resource.urn));
      for (const state of [...previous].reverse()) {
        if (!kept.has(state.urn)) await plugin.delete(state.id, state.urn, state.outputs, state.inputs);
      }
      const states = run.resources.map((resource) => (steps[resource.name] as UpResult).state);
      return { run, steps, states };
    }
    const ready = pending.filter((resource) => resource.dependencies.every((urn) => done.has(urn)));
    for (const resource of ready) {
      const step = await engineUp(
        plugin,
        resource,
        previous.find((state) => state.urn === resource.urn),
      );
      steps[resource.name] = step;
      done.add(resource.urn);
      resourceResults[resource.name] = { id: step.state.id, state: step.state.outputs };
    }
  }
  throw new Error(`deployProgram: ${programFile} did not settle in 10 waves`);
}
