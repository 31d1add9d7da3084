import { GatewayError } from "./gateway-error";

/** 499 (nginx's convention): the client went away and the upstream request was aborted. Logged only. */
export class ClientClosedError extends GatewayError {
  constructor(cause?: unknown) {
    super({ code: "client_closed_request", message: "The client closed the request.", cause });
  }
}
