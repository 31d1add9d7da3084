/**
 * Client headers an adapter may forward. An allowlist, not a denylist: credentials (`authorization`,
 * `x-api-key`, `cookie`, `api-key`, ...), hop-by-hop headers, `host`, `content-length` and
 * `accept-encoding` (fetch negotiates and decodes its own) can then never slip through, whatever
 * name a client invents.
 */
const FORWARDED = new Set([
  "accept",
  "user-agent",
  "openai-beta",
  "anthropic-version",
  "anthropic-beta",
  "idempotency-key",
]);

/** The OpenAI SDKs' telemetry headers (`x-stainless-os`, `x-stainless-retry-count`, ...). */
const FORWARDED_PREFIX = "x-stainless-";

/**
 * The headers to send upstream for a client request: the allowlisted ones, `content-type: application/json`
 * for a body, then the adapter's own (auth and static headers), which win. A plain record with lowercase
 * names (what `fetch` accepts, without building a `Headers` twice).
 */
export function forwardedHeaders(
  client: Headers,
  own: Readonly<Record<string, string>>,
  hasBody: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {};
  client.forEach((value, name) => {
    if (FORWARDED.has(name) || name.startsWith(FORWARDED_PREFIX)) headers[name] = value;
  });
  if (hasBody) headers["content-type"] = "application/json";
  for (const name in own) headers[name.toLowerCase()] = own[name] as string;
  return headers;
}
