/**
 * A client's JSON request body, as the gateway forwards it: parsed for what the gateway acts on, and
 * sent upstream as the client wrote it, with only `model` changed and `models` removed.
 */
export interface UpstreamBody {
  /** The parsed body (read-only): for checks, and for an adapter that speaks another wire format. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The text to send for an upstream model id; the same string for the same model (failover to the next key). */
  forModel(model: string): string;
}

/**
 * Wraps a parsed body and its text. Without the text (a caller that only has the object), the object
 * is serialized once.
 *
 * @example
 * const body = createUpstreamBody(json, text);
 * body.forModel("gpt-4o"); // text with "model":"gpt-4o" and no "models"
 */
export function createUpstreamBody(
  json: Readonly<Record<string, unknown>>,
  text: string = JSON.stringify(json),
): UpstreamBody {
  let lastModel: string | undefined;
  let lastText = "";
  return {
    json,
    forModel(model) {
      if (model !== lastModel) {
        lastText = upstreamBody(text, model);
        lastModel = model;
      }
      return lastText;
    },
  };
}

/**
 * The body sent upstream: the client's JSON object text with every top-level `model` value replaced
 * by the upstream model id and every top-level `models` member removed. Everything else stays byte
 * for byte as the client sent it, so numbers keep their digits (a 20-digit `seed`, `1.0`) and nothing
 * is re-serialized: the gateway never pays to stringify a long prompt. `text` must be a JSON object
 * that `JSON.parse` accepted (the gateway parses it first).
 *
 * @example
 * upstreamBody('{"model":"openai:gpt-4o","models":["x"],"stream":true}', "gpt-4o"); // '{"model":"gpt-4o","stream":true}'
 */
export function upstreamBody(text: string, model: string): string {
  const members = topLevelMembers(text);
  const edits: Array<[from: number, to: number, insert: string]> = [];
  let commaPending = false;
  members.forEach((member, index) => {
    const previous = members[index - 1];
    if (member.key === "models") {
      // Take the comma before it, or for the first member, leave the comma after it to the next kept one.
      if (previous) edits.push([previous.end, member.end, ""]);
      else {
        edits.push([member.start, member.end, ""]);
        commaPending = true;
      }
      return;
    }
    if (commaPending && previous) {
      edits.push([previous.end, member.start, ""]);
      commaPending = false;
    }
    if (member.key === "model") edits.push([member.valueStart, member.end, JSON.stringify(model)]);
  });
  if (!members.some((member) => member.key === "model")) {
    const open = text.indexOf("{") + 1;
    const kept = members.some((member) => member.key !== "models");
    edits.unshift([open, open, `"model":${JSON.stringify(model)}${kept ? "," : ""}`]);
  }
  let result = "";
  let position = 0;
  for (const [from, to, insert] of edits) {
    result += text.slice(position, from) + insert;
    position = to;
  }
  return result + text.slice(position);
}

interface Member {
  key: string;
  /** The key's opening quote. */
  start: number;
  valueStart: number;
  /** Just after the value. */
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** The members of a valid JSON object's text, with positions; strings are skipped by search, not character by character. */
function topLevelMembers(text: string): Member[] {
  const members: Member[] = [];
  let index = text.indexOf("{") + 1;
  for (;;) {
    index = skipWhitespace(text, index);
    if (text.charCodeAt(index) !== QUOTE) return members; // `}`: the end of the object.
    const start = index;
    const keyEnd = stringEnd(text, start);
    const raw = text.slice(start + 1, keyEnd - 1);
    const key = raw.includes("\\") ? (JSON.parse(text.slice(start, keyEnd)) as string) : raw;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past the colon
    const end = valueEnd(text, valueStart);
    members.push({ key, start, valueStart, end });
    index = skipWhitespace(text, end);
    if (text.charCodeAt(index) === COMMA) index++;
  }
}

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && isWhitespace(text.charCodeAt(position))) position++;
  return position;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Just after the string that opens at `quote`. */
function stringEnd(text: string, quote: number): number {
  let from = quote + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    from = close + 1;
  }
}

function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let position = start;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      if (code === QUOTE) {
        position = stringEnd(text, position);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) return position + 1;
      position++;
    }
    return position;
  }
  // A number, true, false or null: up to the next comma, brace or whitespace.
  let position = start;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code === COMMA || code === CLOSE_BRACE || isWhitespace(code)) break;
    position++;
  }
  return position;
}
