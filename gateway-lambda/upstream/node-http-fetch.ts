import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/** Decodes whole bodies (no `stream` option), so one serves every response; strips a BOM as fetch does. */
const DECODER = new TextDecoder();

export interface NodeHttpFetchOptions {
  /** Sockets kept per upstream host. Default 256. */
  maxSockets?: number;
}

/**
 * A `fetch` for upstream calls, built on node:http(s) with keep-alive agents. It does what the
 * gateway needs of fetch (string or URL input; method, headers, string or byte body, signal; the
 * response body streamed as it arrives; no redirects followed) at a fraction of the global fetch's
 * cost per request: on the benchmark it is what keeps keyway's added latency near a bare Node proxy's.
 * Failures look like the global fetch's: `TypeError("fetch failed")` with the socket error as
 * `cause`, and the signal's reason when aborted.
 *
 * @example
 * const adapter = createOpenAICompatibleAdapter({ provider: "openai", baseUrl, fetch: createNodeHttpFetch() });
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof fetch {
  const maxSockets = options.maxSockets ?? 256;
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, maxSockets }),
    "https:": new HttpsAgent({ keepAlive: true, maxSockets }),
  };

  // The few upstream URLs a gateway calls, parsed once each.
  const targets = new Map<string, Target>();
  const targetOf = (input: string | URL): Target => {
    const cached = typeof input === "string" ? targets.get(input) : undefined;
    if (cached) return cached;
    const target = toTarget(input instanceof URL ? input : new URL(input));
    if (typeof input === "string") {
      if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
      targets.set(input, target);
    }
    return target;
  };

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      if (input instanceof Request)
        throw new TypeError("createNodeHttpFetch takes a URL and init, not a Request");
      const url = targetOf(input);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const body = encodeBody(init.body);
      const headers = outgoingHeaders(init.headers);
      if (body !== undefined) headers["content-length"] = String(body.byteLength);

      const call = (url.protocol === "https:" ? httpsRequest : httpRequest)({
        hostname: url.hostname,
        port: url.port,
        path: url.path,
        method: init.method ?? "GET",
        headers,
        agent: agents[url.protocol],
      });
      const onAbort = () =>
        call.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      const release = () => signal?.removeEventListener("abort", onAbort);

      call.once("response", (answer: IncomingMessage) => {
        answer.once("close", release);
        const status = answer.statusCode ?? 502;
        const bodyless = init.method === "HEAD" || status === 204 || status === 304;
        resolve(new NodeHttpResponse(answer, status, bodyless, signal));
      });
      call.once("error", (error) => {
        release();
        reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      });
      call.end(body);
    });

  return nodeFetch as typeof fetch;
}

/** Where a request goes, as node:http takes it. */
interface Target {
  protocol: "http:" | "https:";
  /** Without the brackets of an IPv6 address. */
  hostname: string;
  port: string | undefined;
  path: string;
}

const MAX_CACHED_TARGETS = 1024;

function toTarget(url: URL): Target {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  }
  const { hostname } = url;
  return {
    protocol: url.protocol,
    hostname: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
  };
}

/**
 * The upstream's answer as a `Response` whose body is read straight off the socket: `arrayBuffer()`,
 * `bytes()`, `text()` and `json()` collect its chunks, and the web stream behind `body` is made only
 * when asked for (a stream relayed event by event). A buffered answer then costs no web stream, and
 * its headers are parsed into `Headers` only when read. Everything else behaves as a fetch `Response`.
 */
class NodeHttpResponse extends Response {
  readonly #answer: IncomingMessage;
  readonly #signal: AbortSignal | undefined;
  #headers: Headers | undefined;
  /** Undefined until `body` is asked for; null for a response without a body. */
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;
  #consumed = false;

  constructor(answer: IncomingMessage, status: number, bodyless: boolean, signal: AbortSignal | undefined) {
    super(null, { status, statusText: answer.statusMessage });
    this.#answer = answer;
    this.#signal = signal;
    if (bodyless) {
      answer.resume();
      this.#stream = null;
    }
  }

  override get headers(): Headers {
    if (!this.#headers) {
      const headers = new Headers();
      const raw = this.#answer.rawHeaders;
      for (let index = 0; index < raw.length; index += 2) {
        headers.append(raw[index] as string, raw[index + 1] as string);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === undefined) {
      this.#stream = this.#consumed
        ? null
        : (Readable.toWeb(this.#answer) as unknown as ReadableStream<Uint8Array<ArrayBuffer>>);
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#consumed || (this.#stream?.locked ?? false);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#collect();
    // A chunk read off the socket usually owns its memory whole: no copy then.
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return DECODER.decode(await this.#collect());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
  }

  override async formData(): Promise<FormData> {
    return this.#native().formData();
  }

  override clone(): Response {
    const body = this.body;
    if (body === null) return this.#native();
    const [mine, theirs] = body.tee();
    this.#stream = mine;
    return new Response(theirs, { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  /** A platform `Response` over the web stream, for what is rarely used. */
  #native(): Response {
    return new Response(this.body, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }

  #collect(): Promise<Buffer> {
    if (this.bodyUsed) return Promise.reject(new TypeError("Body is unusable: it has already been read"));
    this.#consumed = true;
    if (this.#stream !== undefined) {
      return this.#stream === null
        ? Promise.resolve(Buffer.alloc(0))
        : new Response(this.#stream).arrayBuffer().then((buffer) => Buffer.from(buffer));
    }
    const answer = this.#answer;
    const signal = this.#signal;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
      if (answer.destroyed) {
        fail(answer.errored ?? new Error("aborted"));
        return;
      }
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
      answer.once("error", fail);
      answer.once("close", () => {
        if (!answer.readableEnded) fail(answer.errored ?? new Error("aborted"));
      });
    });
  }
}

function outgoingHeaders(init: HeadersInit | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  if (!init) return headers;
  if (init instanceof Headers || Array.isArray(init)) {
    new Headers(init).forEach((value, name) => {
      headers[name] = value;
    });
    return headers;
  }
  // A plain record (what the adapters pass): node:http checks names and values itself.
  for (const name in init) headers[name.toLowerCase()] = init[name];
  return headers;
}

function encodeBody(body: BodyInit | null | undefined): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError("createNodeHttpFetch sends string or byte bodies only");
}
