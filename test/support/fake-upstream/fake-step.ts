/** An error-body dialect: which provider's documented error JSON the fake answers with. */
export type ErrorFormat = "openai" | "anthropic" | "google";

/**
 * What the fake upstream does with one call. Everything is optional: `{}` is a normal 200 answer in
 * OpenAI's wire format (buffered JSON, or SSE when the request has `stream: true`).
 */
export interface FakeStep {
  /** HTTP status; default 200. Non-2xx statuses answer with the provider's documented error body. */
  status?: number;
  /** Drop the connection before any response header (the client sees a reset). */
  reset?: boolean;
  /** Read the request and never answer (until the client aborts or the fake closes). */
  noResponse?: boolean;
  /** Error-body dialect for a non-2xx status; default `openai`. */
  format?: ErrorFormat;
  /** Answer a 400/413/422 with the provider's context-length error body. */
  contextLength?: boolean;
  /** A literal response body instead of the default one. */
  body?: string | Record<string, unknown> | unknown[];
  /** The `Retry-After` header (seconds or an HTTP date). */
  retryAfter?: string;
  headers?: Record<string, string>;
  /** Wait before sending the response headers. */
  delayMs?: number;
  /** Streams: send headers at once, the first chunk after this. */
  firstTokenDelayMs?: number;
  /** Streams: wait between chunks. */
  chunkDelayMs?: number;
  /** Streams: destroy the connection after this many chunks. */
  cutAfterChunks?: number;
  /** Streams: stop sending after this many chunks, keeping the connection open. */
  stallAfterChunks?: number;
  /** Streams: send an event that is not JSON after the first chunk. */
  malformedEvent?: boolean;
  /** Streams: end without `data: [DONE]`. */
  omitDone?: boolean;
}

/**
 * Reads a one-line script: steps separated by commas, each a status or `reset` / `no-response`,
 * then modifiers: `retry-after=2`, `anthropic` / `google` / `openai`, `context-length`, `delay=100`,
 * `first-token=500`, `chunk-delay=10`, `cut-after=2`, `stall-after=1`, `malformed`, `no-done`.
 *
 * @example
 * parseScript("503, 429 retry-after=1, 200"); // [{ status: 503 }, { status: 429, retryAfter: "1" }, { status: 200 }]
 * parseScript("529 anthropic, reset, 200 cut-after=2");
 */
export function parseScript(script: string): FakeStep[] {
  return script
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseStep);
}

function parseStep(text: string): FakeStep {
  const [head = "", ...modifiers] = text.split(/\s+/);
  const step: FakeStep = {};
  if (head === "reset") step.reset = true;
  else if (head === "no-response") step.noResponse = true;
  else if (/^\d{3}$/.test(head)) step.status = Number(head);
  else throw new Error(`Fake upstream script: cannot read step "${text}"`);
  for (const modifier of modifiers) applyModifier(step, modifier, text);
  return step;
}

function applyModifier(step: FakeStep, modifier: string, text: string): void {
  const [name = "", value] = modifier.split("=");
  const milliseconds = () => {
    const parsed = Number(value?.replace(/ms$/, ""));
    if (!Number.isFinite(parsed)) {
      throw new Error(`Fake upstream script: "${modifier}" needs a number in "${text}"`);
    }
    return parsed;
  };
  if (name === "openai" || name === "anthropic" || name === "google") step.format = name;
  else if (name === "context-length") step.contextLength = true;
  else if (name === "retry-after" && value !== undefined) step.retryAfter = value;
  else if (name === "delay") step.delayMs = milliseconds();
  else if (name === "first-token") step.firstTokenDelayMs = milliseconds();
  else if (name === "chunk-delay") step.chunkDelayMs = milliseconds();
  else if (name === "cut-after") step.cutAfterChunks = milliseconds();
  else if (name === "stall-after") step.stallAfterChunks = milliseconds();
  else if (name === "malformed") step.malformedEvent = true;
  else if (name === "no-done") step.omitDone = true;
  else throw new Error(`Fake upstream script: unknown modifier "${modifier}" in "${text}"`);
}
