/**
 * The Lambda's store: an in-memory snapshot of one namespace's provider keys, configurations and
 * access-key hashes, loaded from Secrets Manager and refreshed in the background.
 *
 * Freshness (for the README): with the defaults, a change made with `pulumi up` (a rotated provider
 * key, a disabled, expired-early or deleted access key, an edited configuration) reaches a busy
 * gateway instance within about 30 s (`refreshIntervalMs`): the first request after the interval
 * is still answered from the old snapshot while a refresh runs beside it, and later requests see
 * the new one. An instance that sat idle for longer than 2 minutes (`maxStaleMs`) refreshes before
 * answering, so a revoked access key is accepted at most 2 minutes after the change, on any instance.
 * While Secrets Manager is unreachable the gateway keeps serving the last snapshot it loaded.
 *
 * Cost: one BatchGetSecretValue call per 20 secrets per refresh and instance; none while fresh.
 * IAM: `secretsmanager:BatchGetSecretValue` and `secretsmanager:ListSecrets` (filters need it, on
 * `*`), `secretsmanager:GetSecretValue` on `keyway/<namespace>/*`, and `kms:Decrypt` on a
 * customer-managed key if one encrypts the secrets.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { NAMESPACE_PATTERN } from "../../contract/storage-layout";
import { type Clock, systemClock } from "../clock";
import { type Logger, silentLogger } from "../logger";
import { buildSnapshot, type GatewaySettingsOverrides } from "./build-snapshot";
import { fetchNamespaceSecrets } from "./fetch-namespace-secrets";
import type {
  AccessKeyRecord,
  ConfigurationRecord,
  GatewaySnapshot,
  GatewayStore,
  ProviderEndpoint,
  ProviderKeyRecord,
} from "./gateway-store";
import { parseStoredSecret } from "./parse-stored-secret";
import { createRefreshingSnapshot } from "./refreshing-snapshot";

export const DEFAULT_REFRESH_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_STALE_MS = 120_000;

export interface SecretsManagerStoreOptions {
  /** The namespace this gateway serves (`keyway/<namespace>/...`). */
  namespace: string;
  /** Created once and reused; default `new SecretsManagerClient({})` (region and credentials from the environment). */
  client?: SecretsManagerClient;
  clock?: Clock;
  logger?: Logger;
  /** Age after which a snapshot is refreshed in the background. Default 30 s. */
  refreshIntervalMs?: number;
  /** Age after which a request waits for the refresh instead of using the old snapshot. Default 2 min. */
  maxStaleMs?: number;
  /** Gateway-wide settings over {@link DEFAULT_GATEWAY_SETTINGS}. */
  settings?: GatewaySettingsOverrides;
  /** Base-URL overrides of built-in providers and custom OpenAI-compatible providers. */
  providers?: readonly ProviderEndpoint[];
}

/**
 * @example
 * const store = createSecretsManagerStore({ namespace: process.env.KEYWAY_NAMESPACE ?? "default" });
 * const snapshot = await store.snapshot(); // the first call loads; later ones answer from memory
 */
export function createSecretsManagerStore(options: SecretsManagerStoreOptions): GatewayStore {
  const { namespace, clock = systemClock, logger = silentLogger } = options;
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(
      `keyway: invalid namespace ${JSON.stringify(namespace)}: use 1 to 64 letters, digits and _+=.@-`,
    );
  }
  const client = options.client ?? new SecretsManagerClient({});
  const refreshIntervalMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const snapshots = createRefreshingSnapshot({
    load: () => loadNamespace({ ...options, client, clock, logger }),
    clock,
    refreshIntervalMs,
    maxStaleMs: Math.max(options.maxStaleMs ?? DEFAULT_MAX_STALE_MS, refreshIntervalMs),
    onLoadError: (error, keepingLast) =>
      logger.log("error", keepingLast ? "store.refresh_failed" : "store.load_failed", {
        namespace,
        error: describeError(error),
        serving: keepingLast ? "the last loaded snapshot" : "nothing until a load succeeds",
      }),
  });
  return {
    snapshot: () => snapshots.get(),
    close: () => snapshots.stop(),
  };
}

interface LoadContext extends SecretsManagerStoreOptions {
  client: SecretsManagerClient;
  clock: Clock;
  logger: Logger;
}

async function loadNamespace(context: LoadContext): Promise<GatewaySnapshot> {
  const { namespace, client, clock, logger } = context;
  const startedAt = clock.now();
  const fetched = await fetchNamespaceSecrets(client, namespace);
  for (const error of fetched.errors) {
    logger.log("warn", "store.secret_unreadable", { namespace, ...error });
  }
  const providerKeys: ProviderKeyRecord[] = [];
  const configurations: ConfigurationRecord[] = [];
  const accessKeys: AccessKeyRecord[] = [];
  let skipped = 0;
  for (const secret of fetched.secrets) {
    const parsed = parseStoredSecret(namespace, secret.name, secret.secretString);
    if (parsed.kind === "providerKey") providerKeys.push(parsed.record);
    else if (parsed.kind === "configuration") configurations.push(parsed.record);
    else if (parsed.kind === "accessKey") accessKeys.push(parsed.record);
    else if (parsed.kind === "skipped") {
      skipped++;
      const { kind: _, ...details } = parsed;
      logger.log("warn", "store.secret_skipped", { namespace, secretName: secret.name, ...details });
    }
  }
  warnAboutDanglingReferences(namespace, configurations, accessKeys, logger);
  logger.log("info", "store.loaded", {
    namespace,
    providerKeys: providerKeys.length,
    configurations: configurations.length,
    accessKeys: accessKeys.length,
    skipped,
    unreadable: fetched.errors.length,
    calls: fetched.calls,
    ...(fetched.usedFallback ? { fallback: "ListSecrets + BatchGetSecretValue by id" } : {}),
    durationMs: clock.now() - startedAt,
  });
  return buildSnapshot({
    providerKeys,
    configurations,
    accessKeys,
    providers: context.providers,
    settings: context.settings,
    loadedAt: startedAt,
  });
}

/** An access key whose configuration was skipped (or deleted first) is kept: the request path rejects it. */
function warnAboutDanglingReferences(
  namespace: string,
  configurations: readonly ConfigurationRecord[],
  accessKeys: readonly AccessKeyRecord[],
  logger: Logger,
): void {
  const known = new Set(configurations.map((record) => record.id));
  for (const accessKey of accessKeys) {
    if (accessKey.configurationId !== null && !known.has(accessKey.configurationId)) {
      logger.log("warn", "store.configuration_missing", {
        namespace,
        accessKeyId: accessKey.id,
        configurationId: accessKey.configurationId,
      });
    }
  }
}

/** The error's name and message: AWS SDK errors carry no secret values. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
