/**
 * Model references in a configuration: `provider:model` is canonical (`openai:gpt-4o`,
 * `openrouter:anthropic/claude-3.5-sonnet`). ngrok.ai documents two more forms, accepted too:
 * `provider/model` (`openai/gpt-4o`) and `provider:provider/model` (`openai:openai/gpt-4o`).
 * `:` is the primary separator: slashes after it belong to the upstream model id.
 */
import { PROVIDER_ID_PATTERN } from "./builtin-providers";

export interface ModelReferenceParts {
  /** Exact, lowercase. */
  provider: string;
  /** As written; compare with `normalizeModelName`. */
  model: string;
}

export type ModelReferenceParseResult =
  | { ok: true; value: ModelReferenceParts }
  | { ok: false; message: string };

/**
 * Providers whose own model ids start with their provider id (`openrouter/auto`), so
 * `openrouter:openrouter/auto` must keep `openrouter/auto` rather than read as the OpenAPI form.
 */
const SELF_NAMESPACED_PROVIDERS: ReadonlySet<string> = new Set(["openrouter"]);

const WHITESPACE = /\s/;

/**
 * Parses a model reference, or says in words what is wrong with it.
 *
 * @example
 * tryParseModelReference("openai:openai/gpt-4o"); // { ok: true, value: { provider: "openai", model: "gpt-4o" } }
 * tryParseModelReference("gpt-4o");
 * // { ok: false, message: '"gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"' }
 */
export function tryParseModelReference(reference: string): ModelReferenceParseResult {
  const quoted = JSON.stringify(reference);
  if (WHITESPACE.test(reference)) return { ok: false, message: `${quoted} must not contain spaces` };
  const colon = reference.indexOf(":");
  const slash = reference.indexOf("/");
  const separator = colon >= 0 ? colon : slash;
  const provider = reference.slice(0, Math.max(separator, 0));
  if (separator < 0 || (colon < 0 && !PROVIDER_ID_PATTERN.test(provider))) {
    return {
      ok: false,
      message: `${quoted} has no provider; write it as "provider:model", e.g. "openai:gpt-4o"`,
    };
  }
  if (!PROVIDER_ID_PATTERN.test(provider)) {
    const hint = PROVIDER_ID_PATTERN.test(provider.toLowerCase())
      ? `provider ids are lowercase, e.g. "${provider.toLowerCase()}${reference.slice(separator)}"`
      : `write it as "provider:model", e.g. "openai:gpt-4o"`;
    return { ok: false, message: `${quoted} does not start with a valid provider id; ${hint}` };
  }
  let model = reference.slice(separator + 1);
  const openApiForm = colon >= 0 && model.startsWith(`${provider}/`) && model.length > provider.length + 1;
  if (openApiForm && !SELF_NAMESPACED_PROVIDERS.has(provider)) model = model.slice(provider.length + 1);
  if (model === "")
    return { ok: false, message: `${quoted} has no model after the provider, e.g. "openai:gpt-4o"` };
  return { ok: true, value: { provider, model } };
}

/**
 * Parses a model reference; throws on an invalid one (use `tryParseModelReference` to handle that).
 *
 * @example
 * parseModelReference("openrouter:anthropic/claude-3.5-sonnet");
 * // { provider: "openrouter", model: "anthropic/claude-3.5-sonnet" }
 */
export function parseModelReference(reference: string): ModelReferenceParts {
  const result = tryParseModelReference(reference);
  if (!result.ok) throw new TypeError(`Invalid model reference: ${result.message}`);
  return result.value;
}

/**
 * The canonical `provider:model` form.
 *
 * @example
 * formatModelReference({ provider: "openai", model: "gpt-4o" }); // "openai:gpt-4o"
 */
export function formatModelReference(parts: ModelReferenceParts): string {
  return `${parts.provider}:${parts.model}`;
}

/** Model names are case-insensitive (`gpt-4o` is `GPT-4o`); compare them through this. */
export function normalizeModelName(model: string): string {
  return model.toLowerCase();
}

/**
 * A key equal for references to the same model, whatever their form or the model name's case.
 *
 * @example
 * modelReferenceKey(parseModelReference("openai/GPT-4o")) === modelReferenceKey(parseModelReference("openai:gpt-4o")); // true
 */
export function modelReferenceKey(parts: ModelReferenceParts): string {
  return formatModelReference({ provider: parts.provider, model: normalizeModelName(parts.model) });
}
