import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { MAX_FALLBACK_MODELS, resolveCandidates } from "../models/resolve-candidates";
import { type AttemptTarget, selectTargets } from "../routing/select-targets";
import { callableTargets } from "./callable-targets";
import type { RejectedModelRecord, RequestRecord } from "./request-log";
import type { SnapshotIndex } from "./snapshot-index";

/**
 * Where a request may go: its model candidates resolved, checked against the access scope, routed to
 * provider keys and filtered to callable endpoints. The same for every request that names the same
 * `model` and `models` under the same configuration and snapshot, so it is computed once and kept in
 * the snapshot's index.
 */
export interface RoutePlan {
  /** `model` as the client wrote it. */
  requestedModel: string;
  /** In failover order. Shared between requests: read-only. */
  targets: readonly AttemptTarget[];
  rejectedModels: readonly RejectedModelRecord[];
}

/** Plans kept per snapshot; past this many, the cache starts over (client-chosen names cannot grow it). */
const MAX_PLANS = 1024;

/**
 * The route plan for a request body, from the snapshot index's cache or computed (and cached) now.
 * Throws what planning throws (bad `model`/`models`, a disallowed primary, no keys, no callable
 * endpoint); failures are not cached. Sets `record.requestedModel` once the model is resolved, and
 * `record.rejectedModels` with the plan.
 *
 * @example
 * const plan = planRoute({ index, configuration, configurationId, body, record });
 */
export function planRoute(input: {
  index: SnapshotIndex;
  configuration: AccessKeyConfiguration | null;
  configurationId: string | null;
  body: Readonly<Record<string, unknown>>;
  record: RequestRecord;
}): RoutePlan {
  const { index, body, record } = input;
  const key = planKey(input.configurationId, body.model, body.models);
  let plan = key === undefined ? undefined : index.routePlans.get(key);
  if (plan === undefined) {
    const candidates = resolveCandidates(body, { providers: index.providerIds });
    record.requestedModel = (candidates[0] as { requested: string }).requested;
    const selection = selectTargets({
      configuration: input.configuration,
      candidates,
      providerKeys: index.providerKeys,
      keysByProvider: index.keysByProvider,
    });
    plan = { requestedModel: record.requestedModel, ...callableTargets(selection, index) };
    if (key !== undefined) {
      if (index.routePlans.size >= MAX_PLANS) index.routePlans.clear();
      index.routePlans.set(key, plan);
    }
  }
  record.requestedModel = plan.requestedModel;
  record.rejectedModels = plan.rejectedModels;
  return plan;
}

/** The cache key of well-formed model fields; undefined for anything else (planned, and rejected, uncached). */
function planKey(configurationId: string | null, model: unknown, models: unknown): string | undefined {
  if (typeof model !== "string") return undefined;
  if (models === undefined || models === null) return JSON.stringify([configurationId, model]);
  if (!Array.isArray(models) || models.length > MAX_FALLBACK_MODELS) return undefined;
  if (!models.every((entry) => typeof entry === "string")) return undefined;
  return JSON.stringify([configurationId, model, ...models]);
}
