// Load generator, in its own process so it does not share an event loop with what it measures.
// Usage: node load-client.mjs '<json options>'; prints one JSON result line.
//   { url, token?, requests, concurrency, stream?: boolean, warmup?: number }
// Buffered: per-request latency (send to last byte). Streamed: time to first chunk and the gaps
// between chunks, to compare with the upstream's schedule.
import { Agent, request as httpRequest } from "node:http";

const options = JSON.parse(process.argv[2]);
const target = new URL(options.url);
const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
const body = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Say hello." }],
  ...(options.stream ? { stream: true } : {}),
});

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const arrivals = [];
    const call = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (response) => {
        response.on("data", () => arrivals.push(process.hrtime.bigint()));
        response.on("end", () => {
          const ended = process.hrtime.bigint();
          if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
          else
            resolve({
              latencyMs: Number(ended - started) / 1e6,
              arrivals: arrivals.map((at) => Number(at - started) / 1e6),
            });
        });
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}

async function run(count) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      results.push(await once());
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { results, seconds };
}

await run(options.warmup ?? 200);
const { results, seconds } = await run(options.requests);
const latencies = results.map((result) => result.latencyMs).sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const output = {
  requests: results.length,
  throughput: results.length / seconds,
  p50: at(0.5),
  p90: at(0.9),
  p99: at(0.99),
};
if (options.stream) {
  const firsts = results.map((result) => result.arrivals[0] ?? Number.NaN).sort((a, b) => a - b);
  const gaps = results.flatMap((result) =>
    result.arrivals.slice(1).map((time, index) => time - result.arrivals[index]),
  );
  gaps.sort((a, b) => a - b);
  output.firstChunkP50 = firsts[Math.floor(firsts.length / 2)];
  output.chunkGapP50 = gaps[Math.floor(gaps.length / 2)];
  output.chunkGapP99 = gaps[Math.floor(gaps.length * 0.99)];
}
process.stdout.write(`${JSON.stringify(output)}\n`);
agent.destroy();
