import { GatewayError } from "./gateway-error";

/**
 * 403: the requested (primary) model or its provider is outside the access key's allow-lists.
 * A disallowed fallback model is skipped instead, never raised.
 */
export class ModelNotAllowedError extends GatewayError {
  readonly model: string;

  constructor(model: string, dimension: "provider" | "model", param = "model") {
    const what = dimension === "provider" ? "its provider is not allowed" : "it is not allowed";
    super({
      code: "model_not_allowed",
      message: `This access key may not call \`${model}\`: ${what}.`,
      param,
    });
    this.model = model;
  }
}
