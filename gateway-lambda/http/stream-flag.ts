import { InvalidRequestError } from "../errors/invalid-request-error";

/**
 * Whether the client asked for a stream. The gateway acts on `stream` (and forwards
 * `stream_options`), so it checks their types; every other field is the provider's to judge.
 *
 * @example
 * readStreamFlag({ model: "gpt-4o", stream: true }); // true
 * readStreamFlag({ model: "gpt-4o", stream: "yes" }); // throws InvalidRequestError (param: "stream")
 */
export function readStreamFlag(body: Readonly<Record<string, unknown>>): boolean {
  const { stream, stream_options: streamOptions } = body;
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    throw new InvalidRequestError("invalid_field", "`stream` must be a boolean.", "stream");
  }
  if (
    streamOptions !== undefined &&
    streamOptions !== null &&
    (typeof streamOptions !== "object" || Array.isArray(streamOptions))
  ) {
    throw new InvalidRequestError("invalid_field", "`stream_options` must be an object.", "stream_options");
  }
  return stream === true;
}
