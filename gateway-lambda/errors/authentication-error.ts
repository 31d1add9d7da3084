import { GatewayError } from "./gateway-error";

export type AuthenticationFailure = "missing" | "unknown" | "disabled" | "expired";

const CODE = {
  missing: "missing_access_key",
  unknown: "invalid_access_key",
  disabled: "access_key_disabled",
  expired: "access_key_expired",
} as const;

const MESSAGE: Record<AuthenticationFailure, string> = {
  missing: "Missing access key. Send it as `Authorization: Bearer <token>` or `x-api-key: <token>`.",
  unknown: "Invalid access key.",
  disabled: "This access key is disabled.",
  expired: "This access key has expired.",
};

/**
 * 401: the access key is missing, unknown, disabled or expired. The message never repeats the token.
 *
 * @example
 * throw new AuthenticationError("expired");
 */
export class AuthenticationError extends GatewayError {
  readonly failure: AuthenticationFailure;

  constructor(failure: AuthenticationFailure) {
    super({
      code: CODE[failure],
      message: MESSAGE[failure],
      headers: { "www-authenticate": 'Bearer realm="keyway"' },
    });
    this.failure = failure;
  }
}
