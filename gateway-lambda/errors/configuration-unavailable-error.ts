import { GatewayError } from "./gateway-error";

/**
 * 500: the access key names a configuration the gateway does not have (deleted, or skipped because it
 * failed validation). The request is refused: serving it without the configuration would drop its
 * access limits.
 */
export class ConfigurationUnavailableError extends GatewayError {
  readonly configurationId: string;

  constructor(configurationId: string) {
    super({
      code: "configuration_unavailable",
      message: `This access key's configuration \`${configurationId}\` is not available to the gateway (deleted, or invalid); the request was not served.`,
    });
    this.configurationId = configurationId;
  }
}
