import { GatewayError } from "./gateway-error";

/** 404: no such endpoint. */
export class NotFoundError extends GatewayError {
  constructor(method: string, path: string) {
    super({ code: "not_found", message: `No endpoint ${method} ${path}.` });
  }
}

/** 405: the endpoint exists, but not for this method; `Allow` lists the ones it has. */
export class MethodNotAllowedError extends GatewayError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super({
      code: "method_not_allowed",
      message: `${path} does not accept ${method}; use ${allowed.join(" or ")}.`,
      headers: { allow: allowed.join(", ") },
    });
  }
}
