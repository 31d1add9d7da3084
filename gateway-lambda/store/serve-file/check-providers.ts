/**
 * The `providers` section (base-URL overrides of built-ins and custom OpenAI-compatible providers)
 * and the `providerKeys` section (upstream API keys, usually `${ENV_VAR}` references).
 */
import { BUILTIN_PROVIDER_IDS, PROVIDER_ID_PATTERN } from "../../../contract/builtin-providers";
import { type ConfigurationIssue, createIssue, display } from "../../../contract/configuration-issue";
import { closestName } from "../../../contract/did-you-mean";
import type { ProviderEndpoint, ProviderKeyRecord } from "../gateway-store";
import { checkKnownFields, type Entry, readId, readString } from "./field-checks";
import { deriveId, IdRegistry } from "./file-ids";

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

export function unknownProviderMessage(providerId: string, providerIds: readonly string[]): string {
  const suggestion = closestName(providerId, providerIds);
  if (suggestion !== undefined) {
    return `unknown provider ${display(providerId)}; did you mean ${JSON.stringify(suggestion)}?`;
  }
  const custom = providerIds.filter((id) => !BUILTIN_PROVIDER_IDS.includes(id));
  const declared = custom.length > 0 ? `, or one declared under providers (${custom.join(", ")})` : "";
  return `unknown provider ${display(providerId)}; use a built-in provider (${BUILTIN_PROVIDER_IDS.join(", ")})${declared}, or declare it under providers`;
}

/** `unknown <noun> "x"; did you mean "y"?`, or the list of what exists and where to declare more. */
export function unknownReferenceMessage(
  noun: string,
  id: string,
  known: readonly string[],
  declareUnder: string,
): string {
  const suggestion = closestName(id, known);
  if (suggestion !== undefined)
    return `unknown ${noun} ${display(id)}; did you mean ${JSON.stringify(suggestion)}?`;
  const declared = known.length > 0 ? ` (declared: ${known.join(", ")})` : "";
  return `unknown ${noun} ${display(id)}${declared}; declare it under ${declareUnder}`;
}

/** The entry's `id`, or one derived from its name; registered in `registry`. */
export function readDerivableId(
  entry: Entry,
  name: string | undefined,
  registry: IdRegistry,
  issues: ConfigurationIssue[],
): string | undefined {
  if (entry.value.id !== undefined) {
    const id = readId(entry, issues, true);
    return id !== undefined && registry.claim(id, [...entry.location, "id"], false) ? id : undefined;
  }
  if (name === undefined) return undefined;
  const derived = deriveId(name);
  if (derived === "") {
    issues.push(
      createIssue([...entry.location, "name"], "has no letters or digits to derive an id from; add an id"),
    );
    return undefined;
  }
  return registry.claim(derived, [...entry.location, "name"], true) ? derived : undefined;
}
