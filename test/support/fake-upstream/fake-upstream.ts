import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { type FakeStep, parseScript } from "./fake-step";
import { errorBody, responseStreamEvents, streamChunks, successBody } from "./wire-format";

/** One call the fake received, as it arrived. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lowercase names; `authorization` included, so tests can tell which key was used. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>`; OpenAI-style base URL: `${url}/v1`. */
  readonly url: string;
  /** Everything received, in order. */
  readonly received: ReceivedRequest[];
  /**
   * Queues what the next calls do, one step per call; unscripted calls answer 200.
   *
   * @example
   * upstream.script("503, 200");
   * upstream.script({ status: 429, retryAfter: "1" }, { cutAfterChunks: 2 });
   */
  script(...steps: Array<string | FakeStep>): void;
  /** Calls still scripted and not yet made. */
  pending(): number;
  /** Resolves once `count` requests in total have arrived (to act while the fake holds one open). */
  waitForRequests(count: number): Promise<void>;
  /**
   * Resolves when the response to the `index`-th request (0-based) is over: `finished` when the fake
   * sent all of it, `aborted` when the connection closed first (the client went away).
   */
  responseClosed(index: number): Promise<"finished" | "aborted">;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) speaking OpenAI's wire format: chat completions buffered and
 * streamed (`data: ...\n\n` events, then `data: [DONE]`), embeddings and responses, with scripted
 * faults and the providers' documented error bodies.
 *
 * @example
 * const upstream = await startFakeUpstream();
 * upstream.script("429 retry-after=1, 200");
 */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const queue: FakeStep[] = [];
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const onReceived = () => {
    for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const closings: Array<Promise<"finished" | "aborted">> = [];
  const server = createServer((request, response) => {
    closings.push(
      new Promise((resolve) =>
        response.once("close", () => resolve(response.writableFinished ? "finished" : "aborted")),
      ),
    );
    void handle(request, response, queue.shift() ?? {}, received, onReceived).catch(() =>
      request.socket.destroy(),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...steps) => {
      for (const step of steps) queue.push(...(typeof step === "string" ? parseScript(step) : [step]));
    },
    pending: () => queue.length,
    waitForRequests: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        onReceived();
      }),
    responseClosed: (index) => {
      const closing = closings[index];
      if (!closing) throw new Error(`The fake upstream has not received request ${index}`);
      return closing;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  step: FakeStep,
  received: ReceivedRequest[],
  onReceived: () => void,
): Promise<void> {
  const text = await readBody(request);
  const body = parseBody(text);
  received.push({
    method: request.method ?? "",
    path: request.url ?? "",
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    ),
    body,
    receivedAt: Date.now(),
  });
  onReceived();
  if (step.delayMs) await delay(step.delayMs);
  if (step.reset) return void request.socket.destroy();
  if (step.noResponse) return;

  const status = step.status ?? 200;
  const headers: Record<string, string> = { ...step.headers };
  if (step.retryAfter !== undefined) headers["retry-after"] = step.retryAfter;
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const model = typeof fields.model === "string" ? fields.model : "unknown";

  if (status >= 200 && status < 300 && fields.stream === true && step.body === undefined) {
    const includeUsage =
      (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    if ((request.url ?? "").endsWith("/responses")) {
      return stream(response, status, headers, responseStreamEvents(model), step, false);
    }
    const chunks = streamChunks(model, includeUsage).map((chunk) => `data: ${chunk}`);
    return stream(response, status, headers, chunks, step, true);
  }
  const payload =
    step.body !== undefined
      ? step.body
      : status >= 200 && status < 300
        ? successBody(request.url ?? "", model)
        : errorBody(status, step.format ?? "openai", step.contextLength === true);
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(typeof payload === "string" ? payload : JSON.stringify(payload));
}

async function stream(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  events: string[],
  step: FakeStep,
  endsWithDone: boolean,
): Promise<void> {
  response.writeHead(status, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    ...headers,
  });
  response.flushHeaders();
  if (step.firstTokenDelayMs) await delay(step.firstTokenDelayMs);
  for (const [index, event] of events.entries()) {
    if (index === step.cutAfterChunks) {
      // Node corks a response's socket until the next tick: let the chunks written so far leave first.
      await new Promise((resolve) => setImmediate(resolve));
      return void response.socket?.destroy();
    }
    if (index === step.stallAfterChunks) return;
    if (index > 0 && step.chunkDelayMs) await delay(step.chunkDelayMs);
    response.write(`${event}\n\n`);
    if (index === 0 && step.malformedEvent) response.write("data: {not json\n\n");
  }
  if (endsWithDone && !step.omitDone) response.write("data: [DONE]\n\n");
  response.end();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
