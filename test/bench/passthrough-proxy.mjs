// The floor for a Node gateway: a minimal pass-through proxy with no auth, routing or parsing.
// node:http in, node:http out over a keep-alive agent, bodies piped both ways.
// Usage: node passthrough-proxy.mjs <upstream-port>. Prints {"port"} when listening.
import { Agent, createServer, request as httpRequest } from "node:http";

const upstreamPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((incoming, outgoing) => {
  const upstream = httpRequest(
    {
      host: "127.0.0.1",
      port: upstreamPort,
      method: incoming.method,
      path: incoming.url,
      headers: {
        ...incoming.headers,
        host: `127.0.0.1:${upstreamPort}`,
        authorization: "Bearer sk-upstream",
      },
      agent,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on("error", () => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  incoming.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
