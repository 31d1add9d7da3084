import { normalizeUsage, type TokenUsage } from "./usage";

/** One upstream server-sent event and what the gateway needs to know about it. */
export interface SseEvent {
  /** As received, blank line included: what the client gets. */
  bytes: Uint8Array;
  /** Has a `data` field: content, as opposed to a comment or keep-alive. */
  hasData: boolean;
  /** `data: [DONE]`, the end of a chat completions stream. */
  isDone: boolean;
  /** Token usage, when the event reports it (a chat chunk's `usage`, Responses' `response.usage`). */
  usage?: TokenUsage;
}

const USAGE_OBJECT = /"usage"\s*:\s*\{/;

/**
 * Reads an event's `data` lines. Only an event that mentions a `usage` object is parsed as JSON; an
 * event that does not parse is still an event (it is forwarded unchanged).
 *
 * @example
 * inspectEvent(encode("data: [DONE]\n\n"), new TextDecoder()); // { hasData: true, isDone: true, ... }
 */
export function inspectEvent(bytes: Uint8Array, decoder: TextDecoder): SseEvent {
  const lines = decoder.decode(bytes).split(/\r?\n/);
  const data: string[] = [];
  for (const line of lines) {
    if (line.startsWith("data:")) data.push(line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5));
  }
  const text = data.join("\n");
  const event: SseEvent = { bytes, hasData: data.length > 0, isDone: text.trim() === "[DONE]" };
  if (USAGE_OBJECT.test(text)) {
    const usage = usageOf(text);
    if (usage) event.usage = usage;
  }
  return event;
}

function usageOf(text: string): TokenUsage | undefined {
  try {
    const payload = JSON.parse(text) as { usage?: unknown; response?: { usage?: unknown } };
    return normalizeUsage(payload?.usage ?? payload?.response?.usage);
  } catch {
    return undefined;
  }
}
