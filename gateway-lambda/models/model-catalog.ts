import catalogData from "./model-catalog.json";

/** Model id -> provider id for bare model names. Ids are lowercase; lookups are case-insensitive. */
export interface ModelCatalog {
  /** The provider and canonical (lowercase) id of a bare model name, or undefined when not listed. */
  lookup(model: string): { provider: string; model: string } | undefined;
}

/**
 * A catalog over the given entries (model id -> provider id).
 *
 * @example
 * createModelCatalog({ "gpt-4o": "openai" }).lookup("GPT-4o"); // { provider: "openai", model: "gpt-4o" }
 */
export function createModelCatalog(entries: Readonly<Record<string, string>>): ModelCatalog {
  const byLowercaseId = new Map<string, { provider: string; model: string }>();
  for (const [model, provider] of Object.entries(entries)) {
    byLowercaseId.set(model.toLowerCase(), { provider, model: model.toLowerCase() });
  }
  return { lookup: (model) => byLowercaseId.get(model.toLowerCase()) };
}

/** The built-in catalog, `model-catalog.json`: well-known models of the built-in providers. */
export const BUILTIN_MODEL_CATALOG: ModelCatalog = createModelCatalog(catalogData.models);

/** The raw entries of the built-in catalog, for `/v1/models` and tests. */
export const BUILTIN_MODEL_ENTRIES: Readonly<Record<string, string>> = catalogData.models;
