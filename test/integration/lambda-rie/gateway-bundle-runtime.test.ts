import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FunctionUrlEvent, FunctionUrlResult } from "../../../gateway-lambda/lambda/function-url-event";
import type { AwsLambdaGlobal } from "../../../gateway-lambda/lambda/streaming-handler";
import { bundleGateway } from "../../../provider/components/gateway-bundle";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { createAwsLambdaStandIn } from "../../support/lambda/awslambda-stand-in";
import { functionUrlEvent } from "../../support/lambda/function-url-events";
import { type ProvisionedNamespace, provisionNamespace } from "../../support/lambda-rie/provision-namespace";
import { motoClient, uniqueNamespace } from "../../support/moto";

// Issue #4's runtime behaviour, checked on the bundle itself (the bytes the component uploads), loaded
// the way the runtime loads it: require() of index.js with the function's environment. A new file per
// test, so every test gets a cold start of its own.
interface GatewayBundleModule {
  handler: unknown;
  bufferedHandler: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;
}

let code: string;
let directory: string;
let upstream: FakeUpstream;
let namespace: string;
let provisioned: ProvisionedNamespace;
let coldStarts = 0;

/** Loads a fresh copy of the bundle, as the runtime does at init. */
async function coldStart(environment: Record<string, string>, awslambda?: AwsLambdaGlobal) {
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  (globalThis as { awslambda?: unknown }).awslambda = awslambda;
  const file = path.join(directory, `index-${++coldStarts}.js`);
  await writeFile(file, code);
  return createRequire(file)(file) as GatewayBundleModule;
}

const chat = (body: Record<string, unknown> = {}) =>
  functionUrlEvent("POST", "/v1/chat/completions", {
    headers: { authorization: `Bearer ${provisioned.token}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], ...body }),
  });

const gatewayEnvironment = () => ({
  KEYWAY_NAMESPACE: namespace,
  KEYWAY_PROVIDERS: JSON.stringify([{ id: "openai", baseUrl: `${upstream.url}/v1` }]),
});

/** A TCP relay to moto that counts the connections made through it. */
async function startCountingRelay(target: string): Promise<{ url: string; connections(): number } & Server> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    const onward = connect(Number(port), hostname);
    socket.pipe(onward).pipe(socket);
    socket.on("error", () => onward.destroy());
    onward.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return Object.assign(server, {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
  });
}

beforeAll(async () => {
  code = bundleGateway().code;
  directory = await mkdtemp(path.join(tmpdir(), "keyway-bundle-"));
  upstream = await startFakeUpstream();
  namespace = uniqueNamespace("bundle");
  provisioned = await provisionNamespace(motoClient(), namespace);
}, 60_000);
afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as { awslambda?: unknown }).awslambda;
});
afterAll(async () => {
  await upstream?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("the gateway bundle's cold start", () => {
  it("awaits no network call at init; the first request loads the snapshot from Secrets Manager", async () => {
    const relay = await startCountingRelay(process.env.AWS_ENDPOINT_URL as string);
    try {
      const bundle = await coldStart({ ...gatewayEnvironment(), AWS_ENDPOINT_URL: relay.url });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const connectionsAtInit = relay.connections();

      const result = await bundle.bufferedHandler(chat());

      expect(connectionsAtInit).toBe(0);
      expect(result.statusCode).toBe(200);
      expect(result.headers["x-keyway-provider-key-id"]).toBe(provisioned.keyIds.primary);
      expect(relay.connections()).toBeGreaterThan(0);
    } finally {
      relay.close();
    }
  });

  it("fails a misconfigured function at init with a message naming the setting", async () => {
    await expect(coldStart({ ...gatewayEnvironment(), KEYWAY_NAMESPACE: "" })).rejects.toThrow(
      "KEYWAY_NAMESPACE is not set",
    );
  });
});

describe("the gateway bundle's streaming handler", () => {
  it("ends the upstream request when the client disconnects mid-stream", async () => {
    const standIn = createAwsLambdaStandIn();
    const bundle = await coldStart(gatewayEnvironment(), standIn.awslambda);
    upstream.script("200 chunk-delay=50");
    const index = upstream.received.length;

    const client = await standIn.invoke(bundle.handler, chat({ stream: true }), { disconnectAfterChunks: 1 });

    expect(client.statusCode).toBe(200);
    expect(client.chunks).toHaveLength(1);
    expect(await upstream.responseClosed(index)).toBe("aborted");
  });
});
