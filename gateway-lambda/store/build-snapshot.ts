/**
 * Assembles an immutable {@link GatewaySnapshot} from records both backends produce: maps by id (access
 * keys by token hash), built-in providers plus overrides, and settings merged over the defaults.
 */
import { BUILTIN_PROVIDERS } from "../../contract/builtin-providers";
import {
  type AccessKeyRecord,
  type ConfigurationRecord,
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySettings,
  type GatewaySnapshot,
  type ProviderEndpoint,
  type ProviderKeyRecord,
} from "./gateway-store";

/** Settings to change; whatever is omitted keeps {@link DEFAULT_GATEWAY_SETTINGS}. */
export interface GatewaySettingsOverrides {
  timeouts?: Partial<GatewaySettings["timeouts"]>;
  maxBodyBytes?: number;
  allowInsecureHttp?: boolean;
}

export interface SnapshotParts {
  providerKeys: readonly ProviderKeyRecord[];
  configurations: readonly ConfigurationRecord[];
  accessKeys: readonly AccessKeyRecord[];
  /** Base-URL overrides of built-ins and custom providers; a later entry wins over a built-in. */
  providers?: readonly ProviderEndpoint[];
  settings?: GatewaySettingsOverrides;
  loadedAt: number;
}

/**
 * @example
 * const snapshot = buildSnapshot({ providerKeys, configurations, accessKeys, loadedAt: clock.now() });
 * snapshot.accessKeysByTokenHash.get(hashToken(token));
 */
export function buildSnapshot(parts: SnapshotParts): GatewaySnapshot {
  return Object.freeze({
    providerKeys: byKey(parts.providerKeys, (record) => record.id),
    configurations: byKey(parts.configurations, (record) => record.id),
    accessKeysByTokenHash: byKey(parts.accessKeys, (record) => record.tokenSha256),
    providers: providerEndpoints(parts.providers ?? []),
    settings: mergeSettings(parts.settings),
    loadedAt: parts.loadedAt,
  });
}

export function mergeSettings(overrides: GatewaySettingsOverrides = {}): GatewaySettings {
  return deepFreeze({
    timeouts: { ...DEFAULT_GATEWAY_SETTINGS.timeouts, ...definedOnly(overrides.timeouts ?? {}) },
    maxBodyBytes: overrides.maxBodyBytes ?? DEFAULT_GATEWAY_SETTINGS.maxBodyBytes,
    allowInsecureHttp: overrides.allowInsecureHttp ?? DEFAULT_GATEWAY_SETTINGS.allowInsecureHttp,
  });
}

/** Built-ins first, then overrides and custom providers; base URLs lose their trailing slashes. */
export function providerEndpoints(
  overrides: readonly ProviderEndpoint[],
): ReadonlyMap<string, ProviderEndpoint> {
  return byKey(
    [...BUILTIN_PROVIDERS, ...overrides],
    (endpoint) => endpoint.id,
    (endpoint) => ({
      id: endpoint.id,
      baseUrl: endpoint.baseUrl.replace(/\/+$/, ""),
    }),
  );
}

function byKey<T, R = T>(
  records: readonly T[],
  key: (record: T) => string,
  map: (record: T) => R = (record) => record as unknown as R,
): ReadonlyMap<string, R> {
  const entries = new Map<string, R>();
  for (const record of records) entries.set(key(record), deepFreeze(map(record)));
  return entries;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Freezes a plain JSON-like value in place, so a snapshot's records cannot change under a request. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
