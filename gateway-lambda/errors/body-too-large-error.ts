import { GatewayError } from "./gateway-error";

/** 413: the request body exceeds the gateway's limit. Raised before the body is parsed. */
export class BodyTooLargeError extends GatewayError {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super({
      code: "body_too_large",
      message: `The request body is larger than the limit of ${limitBytes} bytes.`,
    });
    this.limitBytes = limitBytes;
  }
}
