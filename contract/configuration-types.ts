/**
 * The shape of an access-key configuration, as described by `configuration.schema.json`.
 * Kept in step with the schema by `test/unit/contract/configuration-types.test.ts`; the schema is the
 * source of truth, these types are what code sees after validation.
 */

/** A provider id: a built-in (`openai`, `anthropic`, ...) or a custom provider's id. Lowercase. */
export type ProviderId = string;

/**
 * A model reference in a configuration: `provider:model` (canonical, e.g. `openai:gpt-4o`).
 * ngrok.ai's documented forms are accepted too: `provider/model` in `access.models.allow`
 * (`openai/gpt-4o`) and `provider:provider/model` in rules (`openai:openai/gpt-4o`).
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

export interface RouterRule {
  provider?: ProviderId;
  model?: ModelReference;
  steps: RouterStep[];
}

export interface AccessScope {
  providers?: { allow?: ProviderId[] };
  models?: { allow?: ModelReference[] };
}

/** Keyway extension: timeouts as Go-style durations (`"60s"`, `"1500ms"`, `"2m"`). */
export interface ConfigurationTimeouts {
  perAttempt?: string;
  total?: string;
  firstToken?: string;
  streamIdle?: string;
}

export interface AccessKeyConfiguration {
  name: string;
  description?: string;
  metadata?: string;
  access?: AccessScope;
  router?: { rules: RouterRule[] };
  /** Keyway extension (not in ngrok.ai). */
  timeouts?: ConfigurationTimeouts;
}
