/**
 * Message fragments the providers use when a prompt does not fit the model's context window:
 * OpenAI and the OpenAI-compatible servers ("This model's maximum context length is ..."), Anthropic
 * ("prompt is too long: 208310 tokens > 200000 maximum"), Google ("The input token count (...) exceeds
 * the maximum number of tokens allowed (...)"), Mistral ("... too large for model with ... maximum
 * context length") and xAI ("This model's maximum prompt length is ...").
 */
const CONTEXT_LENGTH_MESSAGE =
  /maximum context length|context[ _]length[ _]exceeded|context window|prompt is too long|input token count.*exceeds the maximum|maximum prompt length/i;

const CONTEXT_LENGTH_CODES = new Set(["context_length_exceeded"]);

/**
 * Whether a provider's error body says the prompt exceeds the model's context window: a request another
 * model (with a larger window) may still serve, unlike other 400s.
 *
 * @example
 * isContextLengthError('{"error":{"code":"context_length_exceeded","message":"..."}}'); // true
 */
export function isContextLengthError(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return CONTEXT_LENGTH_MESSAGE.test(body.slice(0, 4096));
  }
  // Google's endpoints sometimes wrap the error in an array.
  const envelope = Array.isArray(parsed) ? parsed[0] : parsed;
  const error = isRecord(envelope) && isRecord(envelope.error) ? envelope.error : envelope;
  if (!isRecord(error)) return false;
  if (typeof error.code === "string" && CONTEXT_LENGTH_CODES.has(error.code)) return true;
  return typeof error.message === "string" && CONTEXT_LENGTH_MESSAGE.test(error.message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
