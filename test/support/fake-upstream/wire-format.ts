import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorFormat } from "./fake-step";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "upstream");

function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

function jsonFixture(path: string): Record<string, unknown> {
  return JSON.parse(fixture(path)) as Record<string, unknown>;
}

/** A buffered success body for the path, with the request's model, as OpenAI answers. */
export function successBody(path: string, model: string): Record<string, unknown> {
  if (path.endsWith("/embeddings")) return { ...jsonFixture("openai/embeddings.json"), model };
  if (path.endsWith("/responses")) return { ...jsonFixture("openai/response.json"), model };
  if (path.endsWith("/models")) {
    return {
      object: "list",
      data: [{ id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" }],
    };
  }
  return { ...jsonFixture("openai/chat-completion.json"), model };
}

/** The JSON payloads of OpenAI's streamed chat completion (the fixture's `data:` lines, without `[DONE]`). */
export function streamChunks(model: string, includeUsage: boolean): string[] {
  const chunks = fixture("openai/chat-completion-chunks.sse")
    .split("\n\n")
    .map((event) => event.replace(/^data: /, ""))
    .filter((data) => data.length > 0 && data !== "[DONE]")
    .map((data): Record<string, unknown> => ({ ...(JSON.parse(data) as Record<string, unknown>), model }));
  if (includeUsage) {
    const last = chunks[chunks.length - 1] ?? {};
    chunks.push({
      ...last,
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
    });
  }
  return chunks.map((chunk) => JSON.stringify(chunk));
}

/**
 * A streamed Responses API answer (`event:` and `data:` lines, no `[DONE]`: the Responses API ends
 * with `response.completed`), built from the buffered fixture; the final event carries the usage.
 */
export function responseStreamEvents(model: string): string[] {
  const completed: Record<string, unknown> = { ...jsonFixture("openai/response.json"), model };
  const output = completed.output as Array<{ id: string; content: Array<{ text: string }> }>;
  const itemId = output[0]?.id ?? "msg_0";
  const text = output[0]?.content[0]?.text ?? "";
  const half = Math.floor(text.length / 2);
  const created = { ...completed, status: "in_progress", output: [], usage: null };
  const events: Array<[string, Record<string, unknown>]> = [
    ["response.created", { response: created }],
    [
      "response.output_text.delta",
      { item_id: itemId, output_index: 0, content_index: 0, delta: text.slice(0, half) },
    ],
    [
      "response.output_text.delta",
      { item_id: itemId, output_index: 0, content_index: 0, delta: text.slice(half) },
    ],
    ["response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text }],
    ["response.completed", { response: completed }],
  ];
  return events.map(
    ([type, fields], index) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: index, ...fields })}`,
  );
}

const ERROR_FIXTURES: Record<ErrorFormat, readonly number[]> = {
  openai: [400, 401, 403, 404, 429, 500, 503],
  anthropic: [400, 401, 403, 404, 413, 429, 500, 529],
  google: [400, 429, 500, 503],
};

/**
 * The provider's documented error body for a status (a fixture), or an OpenAI-shaped one when no
 * fixture exists for that status.
 */
export function errorBody(status: number, format: ErrorFormat, contextLength: boolean): string {
  if (contextLength) return fixture(`${format}/error-400-context-length.json`);
  if (ERROR_FIXTURES[format].includes(status)) return fixture(`${format}/error-${status}.json`);
  return JSON.stringify({
    error: {
      message: `The fake upstream answered ${status}.`,
      type: "server_error",
      param: null,
      code: null,
    },
  });
}
