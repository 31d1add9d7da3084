import { randomBytes } from "node:crypto";

/** Id prefixes. Opaque, stable for the life of the resource; never derived from secret material. */
export const ID_PREFIX = {
  providerKey: "kwpk_",
  configuration: "kwac_",
  accessKey: "kwak_",
} as const;

export type ResourceKind = keyof typeof ID_PREFIX;

const ID_BODY = /^[a-z2-7]{26}$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A new random id: prefix + 26 lowercase base32 characters (130 bits). */
export function createResourceId(kind: ResourceKind): string {
  // 256 is a multiple of 32, so `byte & 31` is unbiased: 26 characters carry 130 random bits.
  let body = "";
  for (const byte of randomBytes(26)) body += BASE32[byte & 31];
  return ID_PREFIX[kind] + body;
}

export function isResourceId(kind: ResourceKind, value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.startsWith(ID_PREFIX[kind]) &&
    ID_BODY.test(value.slice(ID_PREFIX[kind].length))
  );
}
