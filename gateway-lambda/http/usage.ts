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
  const number = (...names: string[]) => {
    for (const name of names) {
      const found = fields[name];
      if (typeof found === "number" && Number.isFinite(found)) return found;
    }
    return undefined;
  };
  const usage: TokenUsage = {};
  const inputTokens = number("prompt_tokens", "input_tokens");
  const outputTokens = number("completion_tokens", "output_tokens");
  const totalTokens = number("total_tokens");
  if (inputTokens !== undefined) usage.inputTokens = inputTokens;
  if (outputTokens !== undefined) usage.outputTokens = outputTokens;
  if (totalTokens !== undefined) usage.totalTokens = totalTokens;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** How much of a buffered body's end is searched for `usage`: OpenAI-style bodies put it last. */
const TAIL_BYTES = 4096;
const USAGE_KEY = '"usage"';
/** Stateless between calls: one for the process. */
const DECODER = new TextDecoder();

/**
 * The usage of a buffered JSON answer, found cheaply: only the body's last 4 KiB are decoded, the last
 * `"usage": {...}` object in them is cut out by brace matching and parsed. The answer's content is never
 * parsed (nor logged); a body without usage there yields undefined.
 *
 * @example
 * usageFromJsonTail(new TextEncoder().encode('{"id":"x","usage":{"prompt_tokens":3,"total_tokens":5}}'));
 * // { inputTokens: 3, totalTokens: 5 }
 */
export function usageFromJsonTail(body: Uint8Array): TokenUsage | undefined {
  const tail = DECODER.decode(body.subarray(Math.max(0, body.byteLength - TAIL_BYTES)));
  const key = tail.lastIndexOf(USAGE_KEY);
  if (key === -1) return undefined;
  const open = tail.indexOf("{", key + USAGE_KEY.length);
  if (open === -1 || tail.slice(key + USAGE_KEY.length, open).trim() !== ":") return undefined;
  let depth = 0;
  for (let index = open; index < tail.length; index++) {
    const character = tail[index];
    if (character === "{") depth++;
    else if (character === "}" && --depth === 0) {
      try {
        return normalizeUsage(JSON.parse(tail.slice(open, index + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
