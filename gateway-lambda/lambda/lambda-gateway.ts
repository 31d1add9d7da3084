import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createGateway, type Gateway } from "../http";
import { createJsonLogger } from "../logger";
import { createSecretsManagerStore } from "../store/secrets-manager-store";
import { createNodeHttpFetch } from "../upstream/node-http-fetch";
import { readLambdaEnvironment } from "./lambda-environment";

/** Builds the gateway from the Lambda environment; exported for tests and custom entries. */
export function createLambdaGateway(env: NodeJS.ProcessEnv = process.env): Gateway {
  const settings = readLambdaEnvironment(env);
  const logger = createJsonLogger();
  const store = createSecretsManagerStore({
    namespace: settings.namespace,
    client: new SecretsManagerClient({}),
    logger,
    providers: settings.providers,
    settings: settings.settings,
    refreshIntervalMs: settings.refreshIntervalMs,
  });
  return createGateway({ store, logger, fetch: createNodeHttpFetch() });
}
