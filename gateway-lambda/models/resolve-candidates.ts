import { InvalidRequestError } from "../errors/invalid-request-error";
import { type ResolvedModel, type ResolveModelOptions, resolveModel } from "./resolve-model";

/** At most this many fallback models, like ngrok.ai's virtual models (10 members): attempt lists stay bounded. */
export const MAX_FALLBACK_MODELS = 10;

/**
 * The models a request may be served by, in order: `model`, then each entry of the optional `models`
 * fallback list, resolved and de-duplicated (the same provider and model, ignoring case, runs once).
 * Types are checked first; a bad field is a 400 naming it.
 *
 * @example
 * resolveCandidates({ model: "gpt-4o", models: ["anthropic:claude-sonnet-4-5"], messages: [] });
 * // [{ provider: "openai", model: "gpt-4o", ... }, { provider: "anthropic", model: "claude-sonnet-4-5", ... }]
 */
export function resolveCandidates(
  body: unknown,
  options: Omit<ResolveModelOptions, "param"> = {},
): ResolvedModel[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError("invalid_json", "The request body must be a JSON object.");
  }
  const { model, models } = body as { model?: unknown; models?: unknown };
  if (model === undefined || model === null) {
    throw new InvalidRequestError("missing_field", "`model` is required.", "model");
  }
  if (typeof model !== "string") {
    throw new InvalidRequestError("invalid_field", "`model` must be a string.", "model");
  }
  // Most requests name one model: no list to check, nothing to de-duplicate.
  if (models === undefined || models === null) return [resolveModel(model, options)];
  if (!Array.isArray(models)) {
    throw new InvalidRequestError("invalid_field", "`models` must be an array of strings.", "models");
  }
  if (models.length > MAX_FALLBACK_MODELS) {
    throw new InvalidRequestError(
      "invalid_field",
      `\`models\` may list at most ${MAX_FALLBACK_MODELS} fallback models.`,
      "models",
    );
  }
  const requested: Array<{ name: string; param: string }> = [{ name: model, param: "model" }];
  models.forEach((entry: unknown, index) => {
    const param = `models[${index}]`;
    if (typeof entry !== "string") {
      throw new InvalidRequestError("invalid_field", `\`${param}\` must be a string.`, param);
    }
    requested.push({ name: entry, param });
  });

  const seen = new Set<string>();
  const candidates: ResolvedModel[] = [];
  for (const { name, param } of requested) {
    const resolved = resolveModel(name, { ...options, param });
    const identity = `${resolved.provider}:${resolved.model.toLowerCase()}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    candidates.push(resolved);
  }
  return candidates;
}
