/** Error codes (undici's and the OS's) meaning an established connection broke, as opposed to never opening. */
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]);

/**
 * Describes why `fetch` threw: whether the connection was reset (transient: worth one retry) or could
 * not be made (refused, DNS, TLS). The message names the code only, never the request.
 */
export function describeFetchFailure(error: unknown): { reset: boolean; message: string } {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null)?.cause);
  return { reset: code !== undefined && RESET_CODES.has(code), message: code ?? errorName(error) };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : "fetch failed";
}
