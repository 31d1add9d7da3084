import { GatewayError } from "./gateway-error";

/**
 * 502: every provider that could serve the request has a base URL the gateway refuses to call
 * (plain `http://` to a host that is not loopback, or not an `http(s)` URL). A misconfiguration of the
 * gateway, not of the request: the message names the providers and what to change.
 */
export class InsecureProviderUrlError extends GatewayError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super({ code: "insecure_provider_url", message: problems.join(" ") });
    this.problems = problems;
  }
}
