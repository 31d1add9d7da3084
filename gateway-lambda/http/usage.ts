/** Token counts as a provider reported them, in one shape for chat completions, Responses and embeddings. */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/**
 * Reads the counts from a `usage` object: chat completions and embeddings (`prompt_tokens`,
 * `completion_tokens`), Responses (`input_tokens`, `output_tokens`). Only numbers are kept.
 * Undefined when nothing countable is there.
 */
export function normalizeUsage(value: unknown): TokenUsage | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const inputTokens = countOf(fields.prompt_tokens) ?? countOf(fields.input_tokens);
  const outputTokens = countOf(fields.completion_tokens) ?? countOf(fields.output_tokens);
  const totalTokens = countOf(fields.total_tokens);
  if (inputTokens === undefined && outputTokens === undefined && totalTokens === undefined) return undefined;
  const usage: TokenUsage = {};
  if (inputTokens !== undefined) usage.inputTokens = inputTokens;
  if (outputTokens !== undefined) usage.outputTokens = outputTokens;
  if (totalTokens !== undefined) usage.totalTokens = totalTokens;
  return usage;
}

function countOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** How much of a buffered body's end is searched for `usage`: OpenAI-style bodies put it last. */
const TAIL_BYTES = 4096;
const USAGE_KEY = '"usage"';
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;

/**
 * The usage of a buffered JSON answer, found cheaply: the last `"usage": {...}` object in the body's
 * last 4 KiB is found in the bytes, cut out by brace matching (braces are single bytes in UTF-8) and
 * only it is decoded and parsed. The answer's content is never parsed (nor logged); a body without
 * usage there yields undefined.
 *
 * @example
 * usageFromJsonTail(new TextEncoder().encode('{"id":"x","usage":{"prompt_tokens":3,"total_tokens":5}}'));
 * // { inputTokens: 3, totalTokens: 5 }
 */
export function usageFromJsonTail(body: Uint8Array): TokenUsage | undefined {
  const tail = Math.max(0, body.byteLength - TAIL_BYTES);
  const bytes = Buffer.from(body.buffer, body.byteOffset + tail, body.byteLength - tail);
  const key = bytes.lastIndexOf(USAGE_KEY);
  if (key === -1) return undefined;
  let open = key + USAGE_KEY.length;
  let colons = 0;
  for (; open < bytes.byteLength && bytes[open] !== OPEN_BRACE; open++) {
    const byte = bytes[open] as number;
    if (byte === COLON) colons++;
    else if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return undefined;
  }
  if (open === bytes.byteLength || colons !== 1) return undefined;
  let depth = 0;
  for (let index = open; index < bytes.byteLength; index++) {
    const byte = bytes[index];
    if (byte === OPEN_BRACE) depth++;
    else if (byte === CLOSE_BRACE && --depth === 0) {
      try {
        return normalizeUsage(JSON.parse(bytes.toString("utf8", open, index + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
