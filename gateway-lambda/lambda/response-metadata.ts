/** Status, headers and cookies of a fetch `Response`, in the shape Lambda's HTTP integrations take. */
export interface ResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

export function responseMetadata(response: Response): ResponseMetadata {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  return { statusCode: response.status, headers, cookies: response.headers.getSetCookie() };
}

const TEXT_TYPES = /^(text\/|application\/(json|[a-z.+-]*\+json|x-ndjson|javascript|xml))|event-stream/i;

/** Whether a body can travel as UTF-8 text in a buffered result, or must be base64. */
export function isTextual(contentType: string | null): boolean {
  return contentType === null || TEXT_TYPES.test(contentType);
}
