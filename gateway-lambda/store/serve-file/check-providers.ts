/**
 * The `providers` section (base-URL overrides of built-ins and custom OpenAI-compatible providers)
 * and the `providerKeys` section (upstream API keys, usually `${ENV_VAR}` references).
 */
import { PROVIDER_ID_PATTERN } from "../../../contract/builtin-providers";
import { type ConfigurationIssue, createIssue, display } from "../../../contract/configuration-issue";
import type { ProviderEndpoint, ProviderKeyRecord } from "../gateway-store";
import { checkKnownFields, type Entry, readDerivableId, readString } from "./field-checks";
import { IdRegistry } from "./file-ids";
import { unknownProviderMessage } from "./reference-messages";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

export function checkProviders(
  entries: readonly Entry[],
  allowInsecureHttp: boolean,
  issues: ConfigurationIssue[],
): ProviderEndpoint[] {
  const registry = new IdRegistry(issues);
  const providers: ProviderEndpoint[] = [];
  for (const entry of entries) {
    checkKnownFields(entry.value, entry.location, ["id", "baseUrl"], issues);
    const id = readString(entry, "id", issues, true);
    if (id !== undefined && !PROVIDER_ID_PATTERN.test(id)) {
      issues.push(
        createIssue(
          [...entry.location, "id"],
          `${display(id)} is not a valid provider id; use lowercase letters, digits and "-" (at most 63), e.g. "local-llm"`,
        ),
      );
    }
    const baseUrl = checkBaseUrl(entry, allowInsecureHttp, issues);
    if (id === undefined || baseUrl === undefined || !PROVIDER_ID_PATTERN.test(id)) continue;
    if (registry.claim(id, [...entry.location, "id"], false)) providers.push({ id, baseUrl });
  }
  return providers;
}

function checkBaseUrl(
  entry: Entry,
  allowInsecureHttp: boolean,
  issues: ConfigurationIssue[],
): string | undefined {
  const text = readString(entry, "baseUrl", issues, true);
  if (text === undefined) return undefined;
  const location = [...entry.location, "baseUrl"];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push(
      createIssue(location, `${display(text)} is not a URL; write e.g. "https://api.example.com/v1"`),
    );
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    issues.push(createIssue(location, `${display(text)} must start with https:// (or http:// for loopback)`));
    return undefined;
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    issues.push(
      createIssue(
        location,
        `${display(text)} is plain http to a host that is not loopback, so keys would cross the network unencrypted; use https, or set settings.allowInsecureHttp: true`,
      ),
    );
    return undefined;
  }
  return text.replace(/\/+$/, "");
}

export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export interface CheckedProviderKeys {
  records: ProviderKeyRecord[];
  /** Every id the file declares, with its provider when that is valid: references are checked against it. */
  declared: Map<string, string | undefined>;
}

export function checkProviderKeys(
  entries: readonly Entry[],
  providerIds: readonly string[],
  issues: ConfigurationIssue[],
): CheckedProviderKeys {
  const registry = new IdRegistry(issues);
  const checked: CheckedProviderKeys = { records: [], declared: new Map() };
  for (const entry of entries) {
    checkKnownFields(entry.value, entry.location, ["id", "providerId", "name", "value"], issues);
    const providerId = checkProviderId(entry, providerIds, issues);
    const name = readString(entry, "name", issues, true);
    const value = readString(entry, "value", issues, true);
    const id = readDerivableId(entry, name, registry, issues);
    if (id === undefined) continue;
    checked.declared.set(id, providerId);
    if (providerId !== undefined && name !== undefined && value !== undefined) {
      checked.records.push({ id, providerId, name, value });
    }
  }
  return checked;
}

function checkProviderId(
  entry: Entry,
  providerIds: readonly string[],
  issues: ConfigurationIssue[],
): string | undefined {
  const providerId = readString(entry, "providerId", issues, true);
  if (providerId === undefined || providerIds.includes(providerId)) return providerId;
  issues.push(
    createIssue([...entry.location, "providerId"], unknownProviderMessage(providerId, providerIds)),
  );
  return undefined;
}
