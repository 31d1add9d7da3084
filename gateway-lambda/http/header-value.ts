const MAX_HEADER_VALUE_LENGTH = 1024;
/** Printable ASCII only (the common case): nothing to encode. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Makes text that came from a request (model names) safe as a response header value: characters
 * outside printable ASCII are percent-encoded, so a newline or a control character can neither split
 * the header nor make `Headers.set` throw; overlong values are cut.
 *
 * @example
 * headerValue("openai:gpt-4o\r\nx-evil: 1"); // "openai:gpt-4o%0D%0Ax-evil: 1"
 */
export function headerValue(text: string): string {
  if (PRINTABLE.test(text) && text.length <= MAX_HEADER_VALUE_LENGTH) return text;
  const safe = text.replace(/[^\x20-\x7e]/gu, (character) => {
    try {
      return encodeURIComponent(character);
    } catch {
      return "%EF%BF%BD"; // A lone surrogate: U+FFFD, as a decoder would show it.
    }
  });
  return safe.length > MAX_HEADER_VALUE_LENGTH ? safe.slice(0, MAX_HEADER_VALUE_LENGTH) : safe;
}
