import type { ProviderEndpoint } from "../store/gateway-store";
import { createOpenAICompatibleAdapter } from "../upstream/openai-compatible-adapter";
import type { UpstreamAdapter } from "../upstream/upstream-adapter";

/** A provider the gateway may call, with its adapter, or the reason it refuses to. */
export type EndpointStatus = { ok: true; adapter: UpstreamAdapter } | { ok: false; problem: string };

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);
const IPV4_LOOPBACK = /^127(\.\d{1,3}){3}$/;

/**
 * Whether the gateway may send provider keys to a base URL: `https://` always; plain `http://` only to
 * a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`) or when the gateway's settings allow it.
 * The problem names the provider and the URL's origin only (never a path or credentials in the URL).
 *
 * @example
 * checkEndpointUrl({ id: "lab", baseUrl: "http://10.0.0.5/v1" }, false);
 * // { ok: false, problem: "The provider `lab` has a plain http:// base URL (http://10.0.0.5) ..." }
 */
export function checkEndpointUrl(
  endpoint: ProviderEndpoint,
  allowInsecureHttp: boolean,
): { ok: true } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(endpoint.baseUrl);
  } catch {
    return { ok: false, problem: `The provider \`${endpoint.id}\` has a base URL that is not a valid URL.` };
  }
  if (url.protocol === "https:") return { ok: true };
  if (url.protocol !== "http:") {
    return {
      ok: false,
      problem: `The provider \`${endpoint.id}\` has a base URL with the scheme \`${url.protocol}\`; use https://.`,
    };
  }
  if (allowInsecureHttp || LOOPBACK_HOSTS.has(url.hostname) || IPV4_LOOPBACK.test(url.hostname)) {
    return { ok: true };
  }
  return {
    ok: false,
    problem: `The provider \`${endpoint.id}\` has a plain http:// base URL (${url.origin}) on a host that is not loopback; use https://, or set \`allowInsecureHttp\` in the gateway's settings.`,
  };
}

/**
 * Adapters by provider endpoint, kept for the life of the process: a snapshot refresh that leaves an
 * endpoint unchanged reuses its adapter.
 */
export function createAdapterCache(fetchUpstream: typeof fetch) {
  const adapters = new Map<string, UpstreamAdapter>();
  return (endpoint: ProviderEndpoint): UpstreamAdapter => {
    const key = `${endpoint.id} ${endpoint.baseUrl}`;
    let adapter = adapters.get(key);
    if (!adapter) {
      adapter = createOpenAICompatibleAdapter({
        provider: endpoint.id,
        baseUrl: endpoint.baseUrl,
        fetch: fetchUpstream,
      });
      adapters.set(key, adapter);
    }
    return adapter;
  };
}

/** What the gateway does with each provider of a snapshot. */
export function resolveEndpoints(
  providers: ReadonlyMap<string, ProviderEndpoint>,
  allowInsecureHttp: boolean,
  adapterFor: (endpoint: ProviderEndpoint) => UpstreamAdapter,
): Map<string, EndpointStatus> {
  const endpoints = new Map<string, EndpointStatus>();
  for (const endpoint of providers.values()) {
    const check = checkEndpointUrl(endpoint, allowInsecureHttp);
    endpoints.set(endpoint.id, check.ok ? { ok: true, adapter: adapterFor(endpoint) } : check);
  }
  return endpoints;
}
