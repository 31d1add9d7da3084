import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

let shared: SecretsManagerClient | undefined;

/**
 * One client per provider process, built on first use from the standard AWS environment (credentials
 * chain, AWS_REGION or the config file's region, AWS_ENDPOINT_URL for a local endpoint). It lives here,
 * not in the serialized provider: a captured client cannot be serialized and would freeze settings
 * into Pulumi state.
 */
export function defaultSecretsManagerClient(): SecretsManagerClient {
  shared ??= new SecretsManagerClient({ maxAttempts: 5 });
  return shared;
}
