import { GatewayError } from "./gateway-error";

/**
 * 400, as ngrok.ai's 3802: none of the requested models has a provider key routed to it. The request
 * (or the configuration behind the access key) has to change, so retrying it as is cannot help.
 */
export class NoProviderKeysError extends GatewayError {
  readonly models: readonly string[];

  constructor(models: readonly string[]) {
    const list = models.map((model) => `\`${model}\``).join(", ");
    super({
      code: "no_provider_keys",
      message: `No provider key is routed to ${list}: add a provider key for its provider, or route it in the access key's configuration.`,
    });
    this.models = models;
  }
}
