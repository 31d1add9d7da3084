import { BodyTooLargeError } from "../errors/body-too-large-error";
import { ClientClosedError } from "../errors/client-closed-error";
import { InvalidRequestError } from "../errors/invalid-request-error";

/**
 * Deeper JSON is refused: no OpenAI request comes close, and serializing it again for the upstream
 * would overflow the stack (V8's `JSON.stringify` gives up at a few thousand levels).
 */
export const MAX_JSON_DEPTH = 128;

/** Stateless between calls (no `stream` option), so one serves every request. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a request body as a JSON object, at most `maxBytes` of it: a `content-length` above the limit
 * is refused before reading, and a body without one is counted while reading, so an oversized body is
 * never buffered whole. Errors name what is wrong without echoing the body. Returns the text too.
 *
 * @example
 * const { json } = await readJsonBody(request, snapshot.settings.maxBodyBytes);
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const declared = request.headers.get("content-length");
  const length = declared === null ? Number.NaN : Number(declared);
  if (length > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  let bytes: Uint8Array;
  if (Number.isSafeInteger(length)) {
    // Declared length: read in one piece. An HTTP server has bounded it by its `content-length` (and
    // `keyway serve` reads it straight off the socket, without a web stream); the limit is checked
    // again on what arrived, for a `Request` built in process with a length that lies.
    try {
      bytes = new Uint8Array(await request.arrayBuffer());
    } catch (error) {
      // The request body broke while arriving: the client is gone.
      throw new ClientClosedError(error);
    }
    if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
  } else {
    bytes = await readCounting(request, maxBytes);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new InvalidRequestError("invalid_json", "The request body is not valid UTF-8.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidRequestError("invalid_json", "The request body is not valid JSON.");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InvalidRequestError("invalid_json", "The request body must be a JSON object.");
  }
  if (exceedsDepth(json, MAX_JSON_DEPTH)) {
    throw new InvalidRequestError(
      "invalid_json",
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return { json: json as Record<string, unknown>, text };
}

/** A request body read by {@link readJsonBody}. */
export interface JsonBody {
  /** The parsed object. */
  json: Record<string, unknown>;
  /** The body as the client sent it, decoded. */
  text: string;
}

async function readCounting(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    // The request body broke while arriving: the client is gone.
    throw new ClientClosedError(error);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * Whether a parsed value nests containers deeper than `maxDepth`. Recursive, but never deeper than
 * `maxDepth` frames: it returns as soon as it gets there, so the check itself cannot overflow the stack.
 */
function exceedsDepth(value: object, maxDepth: number, depth = 1): boolean {
  if (depth > maxDepth) return true;
  if (Array.isArray(value)) {
    for (const child of value) {
      if (typeof child === "object" && child !== null && exceedsDepth(child, maxDepth, depth + 1))
        return true;
    }
    return false;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === "object" && child !== null && exceedsDepth(child, maxDepth, depth + 1)) return true;
  }
  return false;
}
