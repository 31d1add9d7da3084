import { BUILTIN_MODEL_CATALOG, BUILTIN_MODEL_ENTRIES } from "../models/model-catalog";
import { orderKeysByProvider, type ProviderKeySnapshot } from "../routing/select-targets";
import type { AccessKeyRecord, GatewaySnapshot, ProviderEndpoint } from "../store/gateway-store";
import type { UpstreamAdapter } from "../upstream/upstream-adapter";
import { type EffectiveTimeouts, effectiveTimeouts } from "./effective-timeouts";
import { listModels, type ModelObject } from "./list-models";
import { type EndpointStatus, resolveEndpoints } from "./provider-endpoints";
import type { RoutePlan } from "./route-plan";

/**
 * What the request path derives from a snapshot, computed once per snapshot rather than per request.
 * Holds no key values: those are read from `snapshot.providerKeys` at attempt time only.
 */
export interface SnapshotIndex {
  readonly snapshot: GatewaySnapshot;
  /** Provider ids a `provider:` prefix may name: built-ins and custom providers. */
  readonly providerIds: readonly string[];
  /** The namespace's provider keys, without their values. */
  readonly providerKeys: ProviderKeySnapshot;
  /** Key ids per provider in default order (no router rule). */
  readonly keysByProvider: ReadonlyMap<string, readonly string[]>;
  /** The adapter for a provider, or why the gateway refuses to call it. */
  endpoint(providerId: string): EndpointStatus;
  /** The access key's expiry in epoch ms (NaN when unreadable: treated as expired), or null. */
  expiresAt(accessKey: AccessKeyRecord): number | null;
  /** The timeouts for requests under a configuration (null: none), overrides applied. */
  timeouts(configurationId: string | null): EffectiveTimeouts;
  /** `GET /v1/models` for a configuration (null: none); computed on first use. */
  models(configurationId: string | null): readonly ModelObject[];
  /** Route plans by configuration and requested models, filled by `planRoute`. */
  readonly routePlans: Map<string, RoutePlan>;
}

/**
 * Returns the index of a snapshot, building it on first use. The cache is a WeakMap owned by the
 * returned function (one per gateway): a refreshed snapshot gets a fresh index and the old one goes
 * with its snapshot.
 */
export function createSnapshotIndexer(
  adapterFor: (endpoint: ProviderEndpoint) => UpstreamAdapter,
): (snapshot: GatewaySnapshot) => SnapshotIndex {
  const indexes = new WeakMap<GatewaySnapshot, SnapshotIndex>();
  return (snapshot) => {
    let index = indexes.get(snapshot);
    if (!index) {
      index = buildIndex(snapshot, adapterFor);
      indexes.set(snapshot, index);
    }
    return index;
  };
}

function buildIndex(
  snapshot: GatewaySnapshot,
  adapterFor: (endpoint: ProviderEndpoint) => UpstreamAdapter,
): SnapshotIndex {
  const providerKeys: ProviderKeySnapshot = new Map(
    [...snapshot.providerKeys].map(([id, key]) => [id, { providerId: key.providerId, name: key.name }]),
  );
  const keysByProvider = orderKeysByProvider(providerKeys);
  const endpoints = resolveEndpoints(snapshot.providers, snapshot.settings.allowInsecureHttp, adapterFor);
  const providerIds = [...snapshot.providers.keys()];
  const expiries = new Map<string, number | null>();
  const timeouts = memoize((configurationId: string | null) =>
    effectiveTimeouts(
      snapshot.settings.timeouts,
      configurationId === null
        ? undefined
        : snapshot.configurations.get(configurationId)?.configuration.timeouts,
    ),
  );
  const models = memoize((configurationId: string | null) =>
    listModels({
      configuration:
        configurationId === null
          ? null
          : (snapshot.configurations.get(configurationId)?.configuration ?? null),
      catalog: BUILTIN_MODEL_CATALOG,
      catalogModels: Object.keys(BUILTIN_MODEL_ENTRIES),
      providerIds,
      providerKeys,
      keysByProvider,
      isCallable: (providerId) => endpoints.get(providerId)?.ok === true,
    }),
  );

  return {
    snapshot,
    providerIds,
    providerKeys,
    keysByProvider,
    endpoint: (providerId) =>
      endpoints.get(providerId) ?? {
        ok: false,
        problem: `The provider \`${providerId}\` has no base URL in the gateway's providers.`,
      },
    expiresAt(accessKey) {
      if (accessKey.expiresAt === null) return null;
      let expiry = expiries.get(accessKey.tokenSha256);
      if (expiry === undefined) {
        expiry = Date.parse(accessKey.expiresAt);
        expiries.set(accessKey.tokenSha256, expiry);
      }
      return expiry;
    },
    timeouts,
    models,
    routePlans: new Map(),
  };
}

function memoize<T>(compute: (configurationId: string | null) => T): (configurationId: string | null) => T {
  const cache = new Map<string | null, T>();
  return (configurationId) => {
    if (cache.has(configurationId)) return cache.get(configurationId) as T;
    const value = compute(configurationId);
    cache.set(configurationId, value);
    return value;
  };
}
