import { MethodNotAllowedError, NotFoundError } from "../errors/route-errors";

/** How a proxied endpoint streams: chat completions end with `data: [DONE]`, Responses streams do not. */
export type StreamFormat = "chat" | "responses";

/** An endpoint forwarded to a provider. */
export interface ProxyRoute {
  kind: "proxy";
  /** Below the provider's base URL: `chat/completions`. */
  upstreamPath: string;
  /** Undefined: the endpoint has no streaming mode (`stream` in the body is forwarded, not acted on). */
  streamFormat?: StreamFormat;
}

export type Route = ProxyRoute | { kind: "models" } | { kind: "health" };

interface RouteEntry {
  method: "GET" | "POST";
  route: Route;
}

const ROUTES: ReadonlyMap<string, RouteEntry> = new Map<string, RouteEntry>([
  [
    "/v1/chat/completions",
    { method: "POST", route: { kind: "proxy", upstreamPath: "chat/completions", streamFormat: "chat" } },
  ],
  [
    "/v1/responses",
    { method: "POST", route: { kind: "proxy", upstreamPath: "responses", streamFormat: "responses" } },
  ],
  ["/v1/embeddings", { method: "POST", route: { kind: "proxy", upstreamPath: "embeddings" } }],
  ["/v1/models", { method: "GET", route: { kind: "models" } }],
  ["/healthz", { method: "GET", route: { kind: "health" } }],
]);

export type RouteMatch =
  | { type: "route"; route: Route }
  /** `OPTIONS` on a known path: answered 204 with `Allow`, no authentication (see the README). */
  | { type: "options"; allow: string }
  | { type: "error"; error: NotFoundError | MethodNotAllowedError };

/**
 * Finds the endpoint for a method and path. Paths match exactly (no trailing slash, case-sensitive);
 * the query string is ignored. Unknown path: 404; known path, other method: 405 with `Allow`.
 *
 * @example
 * matchRoute("POST", "/v1/chat/completions"); // { type: "route", route: { kind: "proxy", ... } }
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const entry = ROUTES.get(pathname);
  if (!entry) return { type: "error", error: new NotFoundError(method, pathname) };
  if (method === entry.method) return { type: "route", route: entry.route };
  if (method === "OPTIONS") return { type: "options", allow: `${entry.method}, OPTIONS` };
  return { type: "error", error: new MethodNotAllowedError(method, pathname, [entry.method]) };
}
