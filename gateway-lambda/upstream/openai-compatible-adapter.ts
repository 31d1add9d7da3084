import type { AttemptOutcome } from "../routing/attempt-outcome";
import { describeFetchFailure } from "./fetch-failure";
import { forwardedHeaders } from "./forwarded-headers";
import { readBounded } from "./read-bounded";
import type { UpstreamAdapter, UpstreamRequest } from "./upstream-adapter";

export interface OpenAICompatibleSettings {
  /** The provider id this adapter serves. */
  provider: string;
  /** Requests go to `<baseUrl>/<path>` (`https://api.groq.com/openai/v1` + `chat/completions`). */
  baseUrl: string;
  /** Injected for tests and instrumentation; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Where the key goes: `authorization: Bearer <key>` unless told otherwise (`{ header: "api-key", prefix: "" }`). */
  auth?: { header: string; prefix: string };
  /** Static headers every request carries (a provider's version header). */
  headers?: Readonly<Record<string, string>>;
  /** Until the response headers arrive (and an error body is read). Without it, only the request's signal limits the wait. */
  timeoutMs?: number;
  /** How much of an error body is kept. Default 1 MiB. */
  maxErrorBodyBytes?: number;
}

const DEFAULT_AUTH = { header: "authorization", prefix: "Bearer " };
const DEFAULT_MAX_ERROR_BODY_BYTES = 1024 * 1024;

/**
 * An adapter for OpenAI's wire format and everything that speaks it: OpenAI, Groq, DeepSeek, Mistral,
 * xAI, OpenRouter, Google's and Anthropic's compatibility endpoints, custom providers.
 *
 * @example
 * const groq = createOpenAICompatibleAdapter({ provider: "groq", baseUrl: "https://api.groq.com/openai/v1" });
 */
export function createOpenAICompatibleAdapter(settings: OpenAICompatibleSettings): UpstreamAdapter {
  const fetchUpstream = settings.fetch ?? fetch;
  const auth = settings.auth ?? DEFAULT_AUTH;
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const maxErrorBodyBytes = settings.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES;
  // An adapter serves a handful of paths: each URL is built once.
  const urls = new Map<string, string>();
  const urlOf = (path: string) => {
    let url = urls.get(path);
    if (url === undefined) {
      url = `${baseUrl}/${path.replace(/^\/+/, "")}`;
      urls.set(path, url);
    }
    return url;
  };

  return {
    provider: settings.provider,
    async send(request: UpstreamRequest): Promise<AttemptOutcome<Response>> {
      const timer = startTimer(request.signal, settings.timeoutMs);
      try {
        const headers = forwardedHeaders(
          request.headers,
          { ...settings.headers, [auth.header]: `${auth.prefix}${request.apiKey}` },
          request.body !== undefined,
        );
        const response = await fetchUpstream(urlOf(request.path), {
          method: request.method,
          headers,
          body: request.body?.forModel(request.model),
          signal: timer.signal,
          redirect: "manual",
        });
        if (response.ok) return { type: "success", status: response.status, value: response };
        const body = await readBounded(response, maxErrorBodyBytes);
        return { type: "http_error", status: response.status, headers: response.headers, body };
      } catch (error) {
        if (timer.timedOut()) return { type: "timeout" };
        if (timer.signal.aborted) return { type: "aborted" };
        return { type: "connection_error", ...describeFetchFailure(error) };
      } finally {
        timer.cancel();
      }
    },
  };
}

const never = () => false;
const nothing = () => {};

/** The request's signal, plus this adapter's own timeout when it has one; cancel it once headers arrived. */
function startTimer(signal: AbortSignal, timeoutMs: number | undefined) {
  if (timeoutMs === undefined) return { signal, timedOut: never, cancel: nothing };
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException(`Upstream did not answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  return {
    signal: AbortSignal.any([signal, controller.signal]),
    timedOut: () => fired,
    cancel: () => clearTimeout(timer),
  };
}
