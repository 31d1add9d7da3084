/**
 * Reading resource properties that may be unknown during `pulumi preview`. The policy SDK hands
 * policies a proxy that throws `UnknownValueError` on reading an unknown value, and reports that
 * error as an advisory "can't run policy during preview", even for a mandatory policy. Left to
 * itself, one unknown value anywhere hides every real violation in the rest of the resource. So
 * keyway's policies read one value at a time, decide on what is known, and only when the verdict
 * truly depends on an unknown value hand the SDK's error back (`pulumi up` runs the policy again
 * with every value known).
 */
import { UnknownValueError } from "@pulumi/policy";

/** Stands for a value the engine will only know once the resources it comes from exist. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export interface PreviewValues {
  /** Runs one property read; returns UNKNOWN instead of throwing when the value is unknown. */
  read<T>(get: () => T): T | Unknown;
  /** True once a read met an unknown value. */
  readonly sawUnknown: boolean;
  /**
   * Says the policy could not decide: rethrows the SDK's first UnknownValueError, which the SDK
   * reports as an advisory "can't run policy ... during preview" for this resource.
   */
  undecided(): never;
}

/**
 * @example
 * const values = previewValues();
 * const kmsKeyId = values.read(() => args.props.kmsKeyId);
 * if (kmsKeyId === UNKNOWN) return; // a key created in this update: customer managed
 */
export function previewValues(): PreviewValues {
  let first: unknown;
  return {
    read<T>(get: () => T): T | Unknown {
      try {
        return get();
      } catch (error) {
        if (!isUnknownValueError(error)) throw error;
        first ??= error;
        return UNKNOWN;
      }
    },
    get sawUnknown() {
      return first !== undefined;
    },
    undecided(): never {
      throw first ?? new Error("keyway policy: undecided without an unknown value");
    },
  };
}

function isUnknownValueError(error: unknown): boolean {
  // By class (untyped: @pulumi/policy 1.21 ships an empty proxy.d.ts), and by shape for a second
  // copy of @pulumi/policy in the tree, whose class is another object.
  return (
    error instanceof UnknownValueError ||
    (error instanceof Error &&
      "unknownTypeSentinel" in error &&
      error.constructor.name === "UnknownValueError")
  );
}

/** Reads `list[index]` for each index of a known array, each element on its own. */
export function readElements<T>(values: PreviewValues, list: readonly T[]): (T | Unknown)[] {
  const elements: (T | Unknown)[] = [];
  for (let index = 0; index < list.length; index++) elements.push(values.read(() => list[index] as T));
  return elements;
}
