/**
 * Where the gateway's data comes from. Two backends implement it: the Secrets Manager snapshot
 * (Lambda) and the local YAML file (`keyway serve`). The request path reads only the in-memory
 * snapshot; loading and refreshing happen behind this interface.
 */
import type { AccessKeyConfiguration } from "../../contract/configuration-types";

/** A provider key, with its value: lives in memory only, never logged. */
export interface ProviderKeyRecord {
  id: string;
  providerId: string;
  name: string;
  value: string;
}

export interface ConfigurationRecord {
  id: string;
  configuration: AccessKeyConfiguration;
}

export interface AccessKeyRecord {
  id: string;
  name: string;
  /** null: every provider and model allowed, routed to the namespace's keys (ngrok.ai's default). */
  configurationId: string | null;
  /** Lowercase hex SHA-256 of the token. */
  tokenSha256: string;
  /** ISO 8601, or null. */
  expiresAt: string | null;
  disabled: boolean;
}

/** An upstream provider endpoint: a built-in (possibly with an overridden base URL) or a custom one. */
export interface ProviderEndpoint {
  id: string;
  /** OpenAI-compatible base URL, without a trailing slash (`https://api.openai.com/v1`). */
  baseUrl: string;
}

/** Gateway-wide settings; configurations may override the timeouts. All durations in milliseconds. */
export interface GatewaySettings {
  timeouts: { perAttemptMs: number; totalMs: number; firstTokenMs: number; streamIdleMs: number };
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /** Allow plain `http://` base URLs that are not loopback (loopback is always allowed). */
  allowInsecureHttp: boolean;
}

export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  timeouts: { perAttemptMs: 60_000, totalMs: 120_000, firstTokenMs: 30_000, streamIdleMs: 30_000 },
  maxBodyBytes: 5 * 1024 * 1024,
  allowInsecureHttp: false,
};

/** One consistent view of everything the gateway serves. Immutable: a refresh builds a new one. */
export interface GatewaySnapshot {
  providerKeys: ReadonlyMap<string, ProviderKeyRecord>;
  configurations: ReadonlyMap<string, ConfigurationRecord>;
  /** Keyed by `tokenSha256`: authentication is one hash and one map lookup. */
  accessKeysByTokenHash: ReadonlyMap<string, AccessKeyRecord>;
  /** Built-ins plus the store's overrides and custom providers, by id. */
  providers: ReadonlyMap<string, ProviderEndpoint>;
  settings: GatewaySettings;
  /** When this snapshot was loaded (ms since the epoch). */
  loadedAt: number;
}

export interface GatewayStore {
  /**
   * The current snapshot. The first call loads it; later calls return the in-memory one at once
   * and, when it is older than the refresh interval, start a background refresh. A failed refresh
   * keeps the last good snapshot.
   */
  snapshot(): Promise<GatewaySnapshot>;
  /** Stops background work (file watchers, timers). */
  close(): Promise<void>;
}
