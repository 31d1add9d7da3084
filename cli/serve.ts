import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createGateway, createJsonLogger } from "../gateway-lambda";
import { createBatchedWriter } from "../gateway-lambda/logger";
import { createNodeHttpFetch } from "../gateway-lambda/upstream/node-http-fetch";
import { openServeSource } from "./serve-sources";

export interface ServeOptions {
  config?: string;
  port: number;
  host: string;
}

export interface RunningGateway {
  /** OpenAI-style base URL: `http://<host>:<port>/v1`. */
  baseUrl: string;
  token?: string;
  close(): Promise<void>;
}

/**
 * `keyway serve`: the same gateway core as the Lambda, behind a Node HTTP server. Request logs go
 * to stdout as JSON lines; the banner goes to stderr.
 */
export async function serve(
  options: ServeOptions,
  io: { env: NodeJS.ProcessEnv; stdout: (line: string) => void; stderr: (line: string) => void },
): Promise<RunningGateway> {
  // Request lines are written in batches, off the requests' path; whatever is queued goes out on exit.
  const out = createBatchedWriter(io.stdout);
  process.once("exit", out.flush);
  const logger = createJsonLogger(out.write);
  const source = await openServeSource({ config: options.config, env: io.env }, logger);
  const gateway = createGateway({ store: source.store, fetch: createNodeHttpFetch(), logger });
  const server = createAdaptorServer({ fetch: gateway, hostname: options.host });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const baseUrl = `http://${host}:${port}/v1`;
  // One write, so a reader that waits for the URL line also has the token.
  const banner = [`keyway listening on ${baseUrl}`, `keyway: ${source.describe}`];
  if (source.token) {
    banner.push(
      `keyway: access token for this run: ${source.token}`,
      `  curl ${baseUrl}/chat/completions -H "Authorization: Bearer $KEYWAY_TOKEN" -H "content-type: application/json" ` +
        `-d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}' -i`,
    );
  }
  io.stderr(`${banner.join("\n")}\n`);
  return {
    baseUrl,
    token: source.token,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await source.close();
      process.off("exit", out.flush);
      out.flush();
    },
  };
}
