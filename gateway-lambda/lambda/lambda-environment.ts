import { NAMESPACE_PATTERN } from "../../contract/storage-layout";
import type { GatewaySettingsOverrides } from "../store/build-snapshot";
import type { ProviderEndpoint } from "../store/gateway-store";

/** What the Lambda reads from its environment: names and settings, never a secret. */
export interface LambdaEnvironment {
  namespace: string;
  providers: ProviderEndpoint[];
  settings: GatewaySettingsOverrides;
  refreshIntervalMs?: number;
}

/**
 * Reads the gateway's Lambda environment:
 * - `KEYWAY_NAMESPACE` (required): the namespace whose secrets it serves.
 * - `KEYWAY_PROVIDERS` (optional JSON): `[{ "id": "...", "baseUrl": "https://..." }]`, base-URL
 *   overrides and custom OpenAI-compatible providers.
 * - `KEYWAY_SETTINGS` (optional JSON): `{ "timeouts": { "perAttemptMs": ..., ... }, "maxBodyBytes": ..., "allowInsecureHttp": false }`.
 * - `KEYWAY_REFRESH_INTERVAL_MS` (optional): how old the in-memory snapshot may get before a refresh.
 * Throws one error listing every problem, so a misconfigured function fails at init with a clear log.
 */
export function readLambdaEnvironment(env: NodeJS.ProcessEnv): LambdaEnvironment {
  const problems: string[] = [];
  const namespace = env.KEYWAY_NAMESPACE ?? "";
  if (!NAMESPACE_PATTERN.test(namespace)) {
    problems.push(
      namespace
        ? `KEYWAY_NAMESPACE "${namespace}" is not a namespace (1-64 of A-Za-z0-9_+=.@-)`
        : "KEYWAY_NAMESPACE is not set: it names the namespace whose secrets this gateway serves",
    );
  }
  const providers = parseJson<ProviderEndpoint[]>(env, "KEYWAY_PROVIDERS", [], problems);
  if (
    !Array.isArray(providers) ||
    providers.some((entry) => typeof entry?.id !== "string" || typeof entry?.baseUrl !== "string")
  ) {
    problems.push('KEYWAY_PROVIDERS must be a JSON array of { "id": string, "baseUrl": string }');
  }
  const settings = parseJson<GatewaySettingsOverrides>(env, "KEYWAY_SETTINGS", {}, problems);
  let refreshIntervalMs: number | undefined;
  if (env.KEYWAY_REFRESH_INTERVAL_MS !== undefined) {
    refreshIntervalMs = Number(env.KEYWAY_REFRESH_INTERVAL_MS);
    if (!Number.isInteger(refreshIntervalMs) || refreshIntervalMs < 1000) {
      problems.push("KEYWAY_REFRESH_INTERVAL_MS must be a whole number of milliseconds, at least 1000");
    }
  }
  if (problems.length > 0) throw new Error(`keyway gateway: bad environment:\n${problems.join("\n")}`);
  return { namespace, providers, settings, refreshIntervalMs };
}

function parseJson<T>(env: NodeJS.ProcessEnv, name: string, fallback: T, problems: string[]): T {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    problems.push(`${name} is not valid JSON`);
    return fallback;
  }
}
