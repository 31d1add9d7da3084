import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

/**
 * Starts moto_server (a real Secrets Manager implementation) on a free loopback port for the whole
 * test run and points every AWS SDK client at it through AWS_ENDPOINT_URL. Tests isolate themselves
 * with unique namespaces instead of resetting moto, so files can run in parallel.
 */
export default async function startMoto(project: TestProject): Promise<() => Promise<void>> {
  const executable = process.env.KEYWAY_MOTO_SERVER ?? ".venv/bin/moto_server";
  const port = await freePort();
  const child = spawn(executable, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, child);

  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  });
  delete process.env.AWS_PROFILE;
  project.provide("motoEndpoint", endpoint);

  return async () => {
    child.kill("SIGTERM");
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess): Promise<void> {
  let output = "";
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (${child.exitCode}): ${output}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`moto_server did not start on ${endpoint} within 30 s: ${output}`);
}

declare module "vitest" {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}
