import { hash, timingSafeEqual } from "node:crypto";

/**
 * Lowercase hex SHA-256 of an access-key token (UTF-8): what Secrets Manager stores instead of the
 * token. The gateway hashes every request's token with it: the one-shot `crypto.hash` skips the
 * stream-capable Hash object `createHash` builds.
 */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
