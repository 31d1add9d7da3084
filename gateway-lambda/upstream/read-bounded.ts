const DECODER = new TextDecoder();

/**
 * Reads a response body as text, at most `maxBytes` of it (the rest is cancelled): an error body is
 * kept for classification and pass-through, and a provider streaming an endless one cannot exhaust memory.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= maxBytes) await reader.cancel().catch(() => undefined);
  return DECODER.decode(Buffer.concat(chunks).subarray(0, maxBytes));
}
