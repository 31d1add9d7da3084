/**
 * Hand-built `ResourceValidationArgs`, as the policy SDK's analyzer builds them from the engine's
 * request: props are plain JSON (secrets unwrapped) behind the SDK's unknown-checking proxy, with
 * the engine's unknown marker where a value is not known at preview, and the URN carries the
 * parent chain. `validate` calls a policy's `validateResource` the way the SDK does and records
 * what it reported.
 */
import {
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  UnknownValueError,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** What the engine sends for a value it does not know yet (any type). */
export const UNKNOWN_VALUE = unknownValue;

export interface TestResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Types of the parents, outermost first (e.g. `["keyway:index:Gateway"]`). */
  parents?: string[];
  /** The URN as the engine made it; built from `parents`, `type` and `name` when absent. */
  urn?: string;
}

export function urnOf(resource: TestResource): string {
  if (resource.urn) return resource.urn;
  const qualifiedType = [...(resource.parents ?? []), resource.type].join("$");
  return `urn:pulumi:prod::infra::${qualifiedType}::${resource.name}`;
}

export function resourceArgs(resource: TestResource, config: object = {}): ResourceValidationArgs {
  const parent = resource.parents?.length
    ? `urn:pulumi:prod::infra::${resource.parents.join("$")}::parent`
    : undefined;
  return {
    type: resource.type,
    name: resource.name,
    urn: urnOf(resource),
    props: unknownCheckingProxy(structuredClone(resource.props)),
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(parent ? { parent } : {}),
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => structuredClone(config) as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  };
}

export interface ValidationOutcome {
  violations: string[];
  /** The SDK's "can't run policy during preview" error, when the policy could not decide. */
  undecided?: string;
}

export async function validate(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: object = {},
): Promise<ValidationOutcome> {
  const violations: string[] = [];
  const validation = policy.validateResource;
  if (typeof validation !== "function") throw new Error(`${policy.name} has no single validateResource`);
  try {
    await validation(resourceArgs(resource, config), (message) => {
      violations.push(message);
    });
  } catch (error) {
    // UnknownValueError is untyped (@pulumi/policy 1.21 ships an empty proxy.d.ts).
    if (error instanceof UnknownValueError) return { violations, undecided: (error as Error).message };
    throw error;
  }
  return { violations };
}
