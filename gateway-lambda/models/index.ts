export {
  BUILTIN_MODEL_CATALOG,
  BUILTIN_MODEL_ENTRIES,
  createModelCatalog,
  type ModelCatalog,
} from "./model-catalog";
export { MAX_FALLBACK_MODELS, resolveCandidates } from "./resolve-candidates";
export {
  MAX_MODEL_LENGTH,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
} from "./resolve-model";
