import { GatewayError } from "./gateway-error";

export type InvalidRequestProblem = "invalid_json" | "missing_field" | "invalid_field";

/**
 * 400: the request body is not a JSON object, or a field is missing or has the wrong type.
 * `param` names the field (`model`, `models[2]`) so the caller knows what to fix.
 *
 * @example
 * throw new InvalidRequestError("invalid_field", "`models` must be an array of strings.", "models");
 */
export class InvalidRequestError extends GatewayError {
  constructor(problem: InvalidRequestProblem, message: string, param: string | null = null, cause?: unknown) {
    super({ code: problem, message, param, cause });
  }
}
