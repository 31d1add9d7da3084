/** One thing a routing change does to traffic, as `keyway diff` reports it. */
export type ChangeKind =
  | "configuration-added"
  | "configuration-removed"
  | "configuration-renamed"
  | "unreadable"
  | "name-changed"
  | "description-changed"
  | "metadata-changed"
  | "access-removed"
  | "providers-unrestricted"
  | "providers-restricted"
  | "provider-allowed"
  | "provider-blocked"
  | "models-unrestricted"
  | "models-restricted"
  | "model-allowed"
  | "model-blocked"
  | "routing-unrestricted"
  | "routing-restricted"
  | "rule-added"
  | "rule-removed"
  | "failover-order"
  | "key-added"
  | "key-removed"
  | "steps-changed"
  | "timeout-changed";

export interface Change {
  /** The configuration's name in the set: its file name without extension (`prod`, `team-a/prod`). */
  configuration: string;
  /** The file at head (at base when the configuration was removed). */
  file: string;
  kind: ChangeKind;
  /** One line in plain language: `provider anthropic newly allowed`. */
  detail: string;
  /** A widening of what may be called, or a change that replaces or removes a configuration. */
  attention: boolean;
}
