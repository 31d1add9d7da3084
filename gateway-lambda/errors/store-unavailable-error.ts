import { GatewayError } from "./gateway-error";

/** 503: the store could not produce a snapshot (its first load failed). The cause is logged, never rendered. */
export class StoreUnavailableError extends GatewayError {
  constructor(cause: unknown) {
    super({
      code: "store_unavailable",
      message: "The gateway could not load its keys and configurations; retry later.",
      cause,
    });
  }
}
