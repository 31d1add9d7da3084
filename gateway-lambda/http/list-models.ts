import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { tryParseModelReference } from "../../contract/model-reference";
import { GatewayError } from "../errors/gateway-error";
import type { ModelCatalog } from "../models/model-catalog";
import type { ResolvedModel } from "../models/resolve-model";
import { type ProviderKeySnapshot, selectTargets } from "../routing/select-targets";

/** One entry of `GET /v1/models`, in OpenAI's shape. */
export interface ModelObject {
  id: string;
  object: "model";
  /** Unix seconds in OpenAI's answer; keyway does not know when a provider created a model: 0. */
  created: number;
  /** The provider id. */
  owned_by: string;
}

export interface ListModelsInput {
  /** The access key's configuration; null: every model, the namespace's keys. */
  configuration: AccessKeyConfiguration | null;
  catalog: ModelCatalog;
  /** The catalog's model ids (bare names). */
  catalogModels: readonly string[];
  /** Provider ids a `provider:` prefix may name. */
  providerIds: readonly string[];
  providerKeys: ProviderKeySnapshot;
  keysByProvider: ReadonlyMap<string, readonly string[]>;
  /** Whether the gateway may call the provider (its base URL passed the endpoint check). */
  isCallable: (providerId: string) => boolean;
}

/**
 * What an access key may call, for `GET /v1/models`: the catalog's models by bare id, then the
 * `provider:model` references its configuration names (access allow-list and router rules) that the
 * catalog does not list for that provider, each only when it passes the access scope and has a key
 * routed to it, exactly as a request would be routed. Sorted by id. Pure.
 *
 * @example
 * listModels({ configuration: null, catalog, catalogModels, providerIds, providerKeys, keysByProvider, isCallable });
 * // [{ id: "gpt-4o", object: "model", created: 0, owned_by: "openai" }, ...]
 */
export function listModels(input: ListModelsInput): ModelObject[] {
  const models = new Map<string, ModelObject>();
  for (const name of input.catalogModels) {
    const entry = input.catalog.lookup(name);
    if (!entry) continue;
    const candidate = resolved(name, entry.provider, entry.model);
    if (isRoutable(input, candidate)) models.set(name, modelObject(name, entry.provider));
  }
  for (const reference of namedReferences(input.configuration)) {
    const parsed = tryParseModelReference(reference);
    if (!parsed.ok || !input.providerIds.includes(parsed.value.provider)) continue;
    const { provider, model } = parsed.value;
    if (input.catalog.lookup(model)?.provider === provider) continue; // Listed by its bare id already.
    const id = `${provider}:${model}`;
    if (isRoutable(input, resolved(id, provider, model))) models.set(id, modelObject(id, provider));
  }
  return [...models.values()].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
}

function isRoutable(input: ListModelsInput, candidate: ResolvedModel): boolean {
  try {
    const { attempts } = selectTargets({
      configuration: input.configuration,
      candidates: [candidate],
      providerKeys: input.providerKeys,
      keysByProvider: input.keysByProvider,
    });
    return attempts.some((attempt) => input.isCallable(attempt.provider));
  } catch (error) {
    // Not allowed, or no key routed to it: not listed.
    if (error instanceof GatewayError) return false;
    throw error;
  }
}

function namedReferences(configuration: AccessKeyConfiguration | null): string[] {
  const allowed = configuration?.access?.models?.allow ?? [];
  const routed = (configuration?.router?.rules ?? []).flatMap((rule) => (rule.model ? [rule.model] : []));
  return [...allowed, ...routed];
}

function resolved(requested: string, provider: string, model: string): ResolvedModel {
  return { requested, provider, model, reference: `${provider}:${model}` };
}

function modelObject(id: string, provider: string): ModelObject {
  return { id, object: "model", created: 0, owned_by: provider };
}
