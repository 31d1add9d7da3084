import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";

/** Decodes whole bodies (no `stream` option), so one serves every response; strips a BOM as fetch does. */
const DECODER = new TextDecoder();

/**
 * The upstream's answer as a `Response` whose body is read straight off the socket: `arrayBuffer()`,
 * `bytes()`, `text()` and `json()` collect its chunks, and the web stream behind `body` is made only
 * when asked for (a stream relayed event by event). A buffered answer then costs no web stream, and
 * its headers are parsed into `Headers` only when read. Everything else behaves as a fetch `Response`.
 */
export class NodeHttpResponse extends Response {
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
    this.#headers ??= new RawHeaders(this.#answer.rawHeaders);
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

/** The platform's iteration methods of `Headers`. */
const ITERATION = Headers.prototype as unknown as {
  entries(this: Headers): IterableIterator<[string, string]>;
  keys(this: Headers): IterableIterator<string>;
  values(this: Headers): IterableIterator<string>;
};

/**
 * A response's headers as `Headers`, over node's raw list: `get` and `has` read the list (what the
 * gateway asks: `content-type`, `retry-after`), with fetch's semantics (names case-insensitive, repeated
 * fields joined by `, `); anything else first fills the platform `Headers` from it, once.
 */
export class RawHeaders extends Headers {
  #raw: readonly string[] | undefined;

  constructor(raw: readonly string[]) {
    super();
    this.#raw = raw;
  }

  override get(name: string): string | null {
    const raw = this.#raw;
    if (raw === undefined) return super.get(name);
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let index = 0; index < raw.length; index += 2) {
      const field = raw[index] as string;
      if (field.length === wanted.length && field.toLowerCase() === wanted) {
        const found = raw[index + 1] as string;
        value = value === null ? found : `${value}, ${found}`;
      }
    }
    return value;
  }

  override has(name: string): boolean {
    return this.#raw === undefined ? super.has(name) : this.get(name) !== null;
  }

  override append(name: string, value: string): void {
    this.#fill();
    super.append(name, value);
  }

  override set(name: string, value: string): void {
    this.#fill();
    super.set(name, value);
  }

  override delete(name: string): void {
    this.#fill();
    super.delete(name);
  }

  override getSetCookie(): string[] {
    this.#fill();
    return super.getSetCookie();
  }

  override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#fill();
    super.forEach(callback, thisArg);
  }

  // Iteration exists at runtime; the DOM library this project compiles with lacks DOM.Iterable.
  entries(): IterableIterator<[string, string]> {
    this.#fill();
    return ITERATION.entries.call(this);
  }

  keys(): IterableIterator<string> {
    this.#fill();
    return ITERATION.keys.call(this);
  }

  values(): IterableIterator<string> {
    this.#fill();
    return ITERATION.values.call(this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  #fill(): void {
    const raw = this.#raw;
    if (raw === undefined) return;
    this.#raw = undefined;
    for (let index = 0; index < raw.length; index += 2) {
      super.append(raw[index] as string, raw[index + 1] as string);
    }
  }
}
