import { hashToken } from "../../contract/token-hash";
import { AuthenticationError } from "../errors/authentication-error";
import type { AccessKeyRecord } from "../store/gateway-store";
import type { SnapshotIndex } from "./snapshot-index";

/** Tokens longer than this are not hashed: no access key is anywhere near it. */
const MAX_TOKEN_LENGTH = 1024;

/**
 * The access-key token of a request: `Authorization: Bearer <token>` (scheme case-insensitive), else
 * `x-api-key: <token>`. Undefined when neither carries one.
 */
export function readAccessToken(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
    if (match?.[1]) return match[1];
  }
  const apiKey = headers.get("x-api-key")?.trim();
  return apiKey ? apiKey : undefined;
}

/**
 * Authenticates a request by its token's SHA-256 and one map lookup. Missing, unknown, disabled or
 * expired: {@link AuthenticationError} (401), each with its own code. An unreadable expiry counts as
 * expired: the gateway fails closed.
 *
 * @example
 * const accessKey = authenticate(request.headers, index, clock.now());
 */
export function authenticate(headers: Headers, index: SnapshotIndex, now: number): AccessKeyRecord {
  const token = readAccessToken(headers);
  if (token === undefined) throw new AuthenticationError("missing");
  if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError("unknown");
  const accessKey = index.snapshot.accessKeysByTokenHash.get(hashToken(token));
  if (!accessKey) throw new AuthenticationError("unknown");
  if (accessKey.disabled) throw new AuthenticationError("disabled");
  const expiresAt = index.expiresAt(accessKey);
  if (expiresAt !== null && !(expiresAt > now)) throw new AuthenticationError("expired");
  return accessKey;
}
