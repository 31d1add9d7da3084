import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The demo's two upstream keys: the primary is rate-limited on every other call, so failover shows. */
export const DEMO_KEYS = {
  primary: "demo-primary-key-0000000000000000",
  backup: "demo-backup-key-00000000000000000",
};

export interface DemoUpstream {
  /** OpenAI-style base URL: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A small OpenAI-compatible upstream for `keyway serve` without provider keys: a newcomer can call
 * the gateway with the OpenAI SDK or curl and watch failover happen in the `x-keyway-*` headers.
 * Loopback only. It answers chat completions (buffered and streamed), responses, embeddings and the
 * model list; it never echoes what it was sent.
 */
export async function startDemoUpstream(): Promise<DemoUpstream> {
  let primaryCalls = 0;
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const key = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      if (key !== DEMO_KEYS.primary && key !== DEMO_KEYS.backup) {
        sendJson(
          response,
          401,
          openAIError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
        );
      } else if (key === DEMO_KEYS.primary && primaryCalls++ % 2 === 0) {
        response.setHeader("retry-after", "5");
        const message = "Rate limit reached for demo-primary (the demo does this on purpose).";
        sendJson(response, 429, openAIError(message, "requests", "rate_limit_exceeded"));
      } else {
        answer(request.url ?? "", body, key === DEMO_KEYS.primary ? "demo primary" : "demo backup", response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(path: string, body: Record<string, unknown>, served: string, response: ServerResponse): void {
  const model = typeof body.model === "string" ? body.model : "gpt-4o-mini";
  const text = `Hello from keyway's demo upstream, through the key "${served}".`;
  if (path.startsWith("/v1/chat/completions") && body.stream === true)
    streamCompletion(model, text, response);
  else {
    const json = jsonAnswer(path, model, text);
    sendJson(response, json ? 200 : 404, json ?? openAIError("Not found", "invalid_request_error", null));
  }
}

function jsonAnswer(path: string, model: string, text: string): unknown {
  const created = Math.floor(Date.now() / 1000);
  if (path.startsWith("/v1/models")) {
    const data = ["gpt-4o-mini", "gpt-4o"].map((id) => ({ id, object: "model", created, owned_by: "demo" }));
    return { object: "list", data };
  }
  if (path.startsWith("/v1/embeddings")) {
    const embedding = Array.from(
      { length: 8 },
      (_unused, index) => Math.round(Math.sin(index + 1) * 1000) / 1000,
    );
    const data = [{ object: "embedding", index: 0, embedding }];
    return { object: "list", data, model, usage: { prompt_tokens: 4, total_tokens: 4 } };
  }
  if (path.startsWith("/v1/responses")) {
    const content = [{ type: "output_text", text, annotations: [] }];
    return {
      id: `resp_${randomUUID()}`,
      object: "response",
      created_at: created,
      status: "completed",
      model,
      output: [{ type: "message", role: "assistant", content }],
      usage: { input_tokens: 4, output_tokens: 12, total_tokens: 16 },
    };
  }
  if (!path.startsWith("/v1/chat/completions")) return undefined;
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 4, completion_tokens: 12, total_tokens: 16 },
  };
}

/** Word by word, 40 ms apart, as a model streams. */
function streamCompletion(model: string, text: string, response: ServerResponse): void {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const words = text.split(" ");
  let index = 0;
  const timer = setInterval(() => {
    const word = words[index];
    if (word !== undefined) {
      response.write(
        chunk(index === 0 ? { role: "assistant", content: word } : { content: ` ${word}` }, null),
      );
      index++;
    } else {
      clearInterval(timer);
      response.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
    }
  }, 40);
  response.on("close", () => clearInterval(timer));
}

function openAIError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(parts).toString("utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}
