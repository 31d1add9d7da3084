/**
 * The shape of an access-key configuration, as described by `configuration.schema.json`.
 * Kept in step with the schema by `test/unit/contract/configuration-types.test.ts`; the schema is the
 * source of truth, these types are what code sees after validation.
 */

/** A provider id: a built-in (`openai`, `anthropic`, ...) or a custom provider's id. Lowercase. */
export type ProviderId = string;

/**
 * A model reference in a configuration: `provider:model` (canonical, e.g. `openai:gpt-4o`).
 * ngrok.ai's documented forms are accepted too, wherever a model appears: `provider/model`
 * (`openai/gpt-4o`) and `provider:provider/model` (`openai:openai/gpt-4o`). Read it with
 * `parseModelReference` (model-reference.ts).
 */
export type ModelReference = string;

export interface ProviderKeyReference {
  /** The id output of a `keyway.ProviderKey` (`kwpk_...`). */
  id: string;
}

export interface UserStep {
  type: "user";
  /** Only `ordered` exists: keys are tried in list order. Optional, as in ngrok.ai. */
  keySelectionStrategy?: "ordered";
  keys: ProviderKeyReference[];
}

export type RouterStep = UserStep;

/** Targets a provider, a model or both (a model rule beats a provider rule); steps run in order. */
export interface RouterRule {
  provider?: ProviderId;
  model?: ModelReference;
  steps: RouterStep[];
}

export interface Router {
  rules: RouterRule[];
}

/** An omitted dimension is unrestricted; an empty list blocks it. Exact entries, no wildcards. */
export interface AccessScope {
  providers?: { allow?: ProviderId[] };
  models?: { allow?: ModelReference[] };
}

/**
 * Keyway extension: timeouts as a whole number of `ms`, `s` or `m` (`"1500ms"`, `"60s"`, `"2m"`; read
 * them with `parseDurationMs`). Omitted ones use the gateway's defaults.
 */
export interface ConfigurationTimeouts {
  /** One upstream attempt, from sending the request to the end of the response. */
  perAttempt?: string;
  /** The whole request, every failover attempt included. */
  total?: string;
  /** From sending a streaming request to its first token. */
  firstToken?: string;
  /** The longest pause between two chunks of a stream. */
  streamIdle?: string;
}

export interface AccessKeyConfiguration {
  name: string;
  description?: string;
  metadata?: string;
  access?: AccessScope;
  router?: Router;
  /** Keyway extension (not in ngrok.ai). */
  timeouts?: ConfigurationTimeouts;
}
