import { BUILTIN_PROVIDER_IDS } from "../../contract/builtin-providers";
import { InvalidRequestError } from "../errors/invalid-request-error";
import { ModelNotFoundError } from "../errors/model-not-found-error";
import { BUILTIN_MODEL_CATALOG, type ModelCatalog } from "./model-catalog";

/** Longer model strings are rejected before any lookup: no real model id comes close. */
export const MAX_MODEL_LENGTH = 256;

/** A requested model, resolved to the provider that serves it and the id that provider knows it by. */
export interface ResolvedModel {
  /** As the caller wrote it (`GPT-4o`, `anthropic:claude-sonnet-4-5`). */
  requested: string;
  provider: string;
  /** The upstream model id: the catalog's id for a bare name, the text after `provider:` as written otherwise. */
  model: string;
  /** `provider:model`: the form logs, headers and errors show. */
  reference: string;
}

export interface ResolveModelOptions {
  catalog?: ModelCatalog;
  /** Provider ids a `provider:` prefix may name: built-ins plus the gateway's custom providers. */
  providers?: readonly string[];
  /** The request field being resolved, for error messages (`model`, `models[0]`). */
  param?: string;
}

/**
 * Resolves a requested model as ngrok.ai does: a bare name through the catalog (case-insensitive),
 * `provider:model` forces the provider, models the catalog does not list included. Only the first `:`
 * separates: the rest, slashes and colons included, is the upstream id (`openrouter:anthropic/claude-3.5-sonnet`).
 *
 * @example
 * resolveModel("GPT-4o");             // { provider: "openai", model: "gpt-4o", reference: "openai:gpt-4o", ... }
 * resolveModel("openai:gpt-6-beta");  // { provider: "openai", model: "gpt-6-beta", ... }
 * resolveModel("gpt-9");              // throws ModelNotFoundError naming the `provider:model` form
 */
export function resolveModel(requested: string, options: ResolveModelOptions = {}): ResolvedModel {
  const param = options.param ?? "model";
  if (requested.length === 0 || requested.length > MAX_MODEL_LENGTH) {
    throw new InvalidRequestError(
      "invalid_field",
      `\`${param}\` must be a model name of 1 to ${MAX_MODEL_LENGTH} characters.`,
      param,
    );
  }
  const separator = requested.indexOf(":");
  if (separator === -1) {
    const entry = (options.catalog ?? BUILTIN_MODEL_CATALOG).lookup(requested);
    if (!entry) throw ModelNotFoundError.unknownModel(requested, param);
    return {
      requested,
      provider: entry.provider,
      model: entry.model,
      reference: `${entry.provider}:${entry.model}`,
    };
  }
  const provider = requested.slice(0, separator);
  const model = requested.slice(separator + 1);
  if (provider.length === 0 || model.length === 0) {
    throw new InvalidRequestError(
      "invalid_field",
      `\`${param}\` must be \`model\` or \`provider:model\`.`,
      param,
    );
  }
  const providers = options.providers ?? BUILTIN_PROVIDER_IDS;
  if (!providers.includes(provider)) {
    const lowercase = provider.toLowerCase();
    const suggestion = providers.includes(lowercase) ? lowercase : undefined;
    throw ModelNotFoundError.unknownProvider(requested, provider, param, suggestion);
  }
  return { requested, provider, model, reference: `${provider}:${model}` };
}
