// A fast OpenAI-shaped upstream for the benchmark: fixed JSON for chat completions, and for
// `stream: true` a fixed series of SSE chunks sent on a fixed schedule (so the client can compare
// arrival gaps with the schedule). Prints {"port"} on stdout when listening.
import { createServer } from "node:http";

const CHUNKS = Number(process.env.BENCH_STREAM_CHUNKS ?? 20);
const CHUNK_GAP_MS = Number(process.env.BENCH_STREAM_GAP_MS ?? 10);

const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1764288000,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello from the benchmark upstream." },
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
});

function chunk(index) {
  return `data: ${JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1764288000,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta: { content: `token${index} ` }, finish_reason: null }],
  })}\n\n`;
}

const server = createServer((request, response) => {
  const parts = [];
  request.on("data", (part) => parts.push(part));
  request.on("end", () => {
    let stream = false;
    try {
      stream = JSON.parse(Buffer.concat(parts).toString("utf8")).stream === true;
    } catch {}
    if (!stream) {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(completion),
      });
      response.end(completion);
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < CHUNKS) {
        response.write(chunk(sent++));
        return;
      }
      clearInterval(timer);
      response.end("data: [DONE]\n\n");
    }, CHUNK_GAP_MS);
    response.on("close", () => clearInterval(timer));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
