import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** A property bag as it crosses the engine/provider boundary (JSON-compatible). */
export type PropertyMap = Record<string, unknown>;

/**
 * The value that stands for "not known yet" during preview. The engine sends it to the dynamic
 * provider as this plain string (`unknownValue` in @pulumi/pulumi/runtime/rpc.js; the plugin itself
 * compares `news.__provider === rpc.unknownValue`).
 */
export const UNKNOWN = unknownValue;

/** Key and signature of a secret on the wire: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG_KEY = specialSigKey;
export const SECRET_SIG = specialSecretSig;

/** Stands in for the ciphertext a checkpoint holds instead of a secret value. */
export const CIPHERTEXT_PLACEHOLDER = "[ciphertext]";

export interface WireSecret {
  [SECRET_SIG_KEY]: string;
  value: unknown;
}

export function isWireSecret(value: unknown): value is WireSecret {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG &&
    "value" in value
  );
}

/** Wraps a value the way the SDK and the engine mark a secret. */
export function wireSecret(value: unknown): WireSecret {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/**
 * What the engine does before calling a provider that answered Configure with acceptSecrets=false
 * (the dynamic provider always does): remove every secret wrapper, at any depth, and remember which
 * top-level properties contained one. The engine later marks same-named outputs secret.
 */
export function stripSecrets(properties: PropertyMap): { plain: PropertyMap; secretNames: string[] } {
  const plain: PropertyMap = {};
  const secretNames: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const [unwrapped, hadSecret] = unwrap(value);
    plain[name] = unwrapped;
    if (hadSecret) secretNames.push(name);
  }
  return { plain, secretNames };
}

function unwrap(value: unknown): [unknown, boolean] {
  if (isWireSecret(value)) return [unwrap(value.value)[0], true];
  if (Array.isArray(value)) {
    const elements = value.map(unwrap);
    return [elements.map(([element]) => element), elements.some(([, secret]) => secret)];
  }
  if (typeof value === "object" && value !== null) {
    let hadSecret = false;
    const result: PropertyMap = {};
    for (const [key, inner] of Object.entries(value)) {
      const [unwrapped, secret] = unwrap(inner);
      result[key] = unwrapped;
      hadSecret ||= secret;
    }
    return [result, hadSecret];
  }
  return [value, false];
}

/** True if the value is, or contains, the preview unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * What the engine writes to the checkpoint for a provider's outputs: a property is secret if an
 * input of the same name contained a secret, or if it is listed in additionalSecretOutputs; its
 * value is then stored as ciphertext. Everything else is stored in plaintext. Assert on the result
 * (e.g. `JSON.stringify(toState(...))` must not contain a key) to prove nothing leaks into state.
 */
export function toState(
  outputs: PropertyMap,
  secrecy: { secretInputNames: readonly string[]; additionalSecretOutputs?: readonly string[] },
): PropertyMap {
  const secretNames = new Set([...secrecy.secretInputNames, ...(secrecy.additionalSecretOutputs ?? [])]);
  const stored: PropertyMap = {};
  for (const [name, value] of Object.entries(outputs)) {
    stored[name] = secretNames.has(name)
      ? { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: CIPHERTEXT_PLACEHOLDER }
      : value;
  }
  return stored;
}
