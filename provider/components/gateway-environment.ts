import { PROVIDER_ID_PATTERN } from "../../contract/builtin-providers";
import { NAMESPACE_PATTERN } from "../../contract/storage-layout";
import type { GatewaySettingsOverrides } from "../../gateway-lambda/store/build-snapshot";
import type { ProviderEndpoint } from "../../gateway-lambda/store/gateway-store";

export interface GatewayEnvironmentInput {
  namespace: string;
  providers?: readonly ProviderEndpoint[];
  settings?: GatewaySettingsOverrides;
  refreshIntervalMs?: number;
  sourceMap?: boolean;
}

/** Lambda's limit on all environment variables together. */
const ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * The function's environment, as `gateway-lambda/lambda/lambda-environment.ts` reads it: names,
 * URLs and settings, never a secret. Throws one error listing every problem.
 *
 * @example
 * gatewayEnvironment({ namespace: "shop-prod" }); // { KEYWAY_NAMESPACE: "shop-prod" }
 */
export function gatewayEnvironment(input: GatewayEnvironmentInput): Record<string, string> {
  const problems: string[] = [];
  if (!NAMESPACE_PATTERN.test(input.namespace)) {
    problems.push(`namespace ${JSON.stringify(input.namespace)} is not valid (1-64 of A-Za-z0-9_+=.@-)`);
  }
  const providers = input.providers ?? [];
  providers.forEach((provider, index) => {
    problems.push(...providerProblems(provider, `providers[${index}]`, input.settings?.allowInsecureHttp));
  });
  const { refreshIntervalMs } = input;
  if (refreshIntervalMs !== undefined && (!Number.isInteger(refreshIntervalMs) || refreshIntervalMs < 1000)) {
    problems.push(
      `refreshIntervalMs must be a whole number of milliseconds, at least 1000, got ${refreshIntervalMs}`,
    );
  }
  const variables: Record<string, string> = { KEYWAY_NAMESPACE: input.namespace };
  if (providers.length > 0) variables.KEYWAY_PROVIDERS = JSON.stringify(providers);
  if (input.settings && Object.keys(input.settings).length > 0) {
    variables.KEYWAY_SETTINGS = JSON.stringify(input.settings);
  }
  if (refreshIntervalMs !== undefined) variables.KEYWAY_REFRESH_INTERVAL_MS = String(refreshIntervalMs);
  if (input.sourceMap) variables.NODE_OPTIONS = "--enable-source-maps";
  const bytes = Object.entries(variables).reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > ENVIRONMENT_LIMIT_BYTES) {
    problems.push(
      `the environment is ${bytes} bytes; Lambda allows ${ENVIRONMENT_LIMIT_BYTES} (fewer providers?)`,
    );
  }
  if (problems.length > 0) throw new Error(`keyway.Gateway: ${problems.join("; ")}`);
  return variables;
}

function providerProblems(provider: ProviderEndpoint, path: string, allowInsecureHttp = false): string[] {
  const problems: string[] = [];
  if (typeof provider?.id !== "string" || !PROVIDER_ID_PATTERN.test(provider.id)) {
    problems.push(
      `${path}.id ${JSON.stringify(provider?.id)} is not a provider id (lowercase letters, digits and -)`,
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(provider?.baseUrl);
  } catch {
    problems.push(`${path}.baseUrl ${JSON.stringify(provider?.baseUrl)} is not a URL`);
  }
  if (url && (url.username || url.password)) {
    // The environment is readable by anyone who can read the function's configuration.
    problems.push(`${path}.baseUrl carries credentials; put keys in a keyway.ProviderKey, never in a URL`);
  }
  if (url && url.protocol !== "https:" && !(url.protocol === "http:" && allowInsecureHttp)) {
    problems.push(`${path}.baseUrl must use https (or set settings.allowInsecureHttp)`);
  }
  return problems;
}
