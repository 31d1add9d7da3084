import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBufferedHandler } from "../../../gateway-lambda/lambda/buffered-handler";
import { createLambdaGateway } from "../../../gateway-lambda/lambda/lambda-gateway";
import { createStreamingHandler } from "../../../gateway-lambda/lambda/streaming-handler";
import { createAccessKeyConfigurationProvider } from "../../../provider/runtime/access-key-configuration-provider";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { createAwsLambdaStandIn } from "../../support/lambda/awslambda-stand-in";
import { functionUrlEvent } from "../../support/lambda/function-url-events";
import { motoClient, uniqueNamespace } from "../../support/moto";

const client = motoClient();
let upstream: FakeUpstream;
let namespace: string;
let token: string;
let keyIds: { primary: string; backup: string };

/** Creates what `pulumi up` would, with the provider's own code, in moto. */
async function provision(ns: string) {
  const keys = createProviderKeyProvider(() => client);
  const configurations = createAccessKeyConfigurationProvider(() => client);
  const accessKeys = createAccessKeyProvider(() => client);
  const key = async (name: string, value: string) => {
    const checked = await keys.check({}, { namespace: ns, providerId: "openai", name, value });
    return (await keys.create(checked.inputs)).id;
  };
  const primary = await key("primary", "sk-lambda-primary-0000000000000001");
  const backup = await key("backup", "sk-lambda-backup-00000000000000002");
  const configuration = await configurations.check(
    {},
    {
      namespace: ns,
      name: "prod",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: primary }, { id: backup }] }] }],
      },
    },
  );
  const { id: configurationId } = await configurations.create(configuration.inputs);
  const access = await accessKeys.check({}, { namespace: ns, name: "web", configurationId });
  const { outs } = await accessKeys.create(access.inputs);
  return { token: outs.token as string, keyIds: { primary, backup } };
}

const chat = (body: Record<string, unknown>, authorization = `Bearer ${token}`) =>
  functionUrlEvent("POST", "/v1/chat/completions", {
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], ...body }),
  });

const environment = () => ({
  ...process.env,
  KEYWAY_NAMESPACE: namespace,
  KEYWAY_PROVIDERS: JSON.stringify([{ id: "openai", baseUrl: `${upstream.url}/v1` }]),
});

beforeAll(async () => {
  upstream = await startFakeUpstream();
  namespace = uniqueNamespace("lambda");
  ({ token, keyIds } = await provision(namespace));
});
afterAll(async () => {
  await upstream.close();
});

describe("the Lambda handler serves what the Pulumi provider stored in Secrets Manager", () => {
  it("answers a chat completion with the provider key from Secrets Manager", async () => {
    const handler = createBufferedHandler(createLambdaGateway(environment()));

    const result = await handler(chat({}));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).object).toBe("chat.completion");
    expect(result.headers["x-keyway-provider-key-id"]).toBe(keyIds.primary);
    expect(upstream.received.at(-1)?.headers.authorization).toBe("Bearer sk-lambda-primary-0000000000000001");
  });

  it("fails over to the backup key on a 429", async () => {
    const handler = createBufferedHandler(createLambdaGateway(environment()));
    upstream.script("429 retry-after=20, 200");

    const result = await handler(chat({}));

    expect(result.statusCode).toBe(200);
    expect(result.headers["x-keyway-attempts"]).toBe("2");
    expect(result.headers["x-keyway-provider-key-id"]).toBe(keyIds.backup);
  });

  it("rejects an unknown access key with 401 before any upstream call", async () => {
    const handler = createBufferedHandler(createLambdaGateway(environment()));
    const before = upstream.received.length;

    const result = await handler(chat({}, "Bearer kw-not-a-key"));

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body).error.code).toMatch(/access_key/);
    expect(upstream.received.length).toBe(before);
  });

  it("streams through the response-streaming handler", async () => {
    const { awslambda, invoke } = createAwsLambdaStandIn();
    const handler = createStreamingHandler(createLambdaGateway(environment()), awslambda);

    const client = await invoke(handler, chat({ stream: true }));

    expect(client.violations).toEqual([]);
    expect(client.statusCode).toBe(200);
    expect(client.headers?.["content-type"]).toContain("text/event-stream");
    expect(client.chunks.map((chunk) => chunk.text).join("")).toContain("data: [DONE]");
  });
});

describe("the Lambda entry module", () => {
  let server: Server;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => {
    server.close();
  });

  it("makes no network call at init, and fails a misconfigured function with a clear message", async () => {
    const port = (server.address() as { port: number }).port;
    vi.stubEnv("AWS_ENDPOINT_URL", `http://127.0.0.1:${port}`);
    vi.stubEnv("KEYWAY_NAMESPACE", "init-test");
    vi.resetModules();

    const entry = await import("../../../gateway-lambda/lambda/handler");
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(typeof entry.handler).toBe("function");
    expect(connections).toBe(0);
    vi.stubEnv("KEYWAY_NAMESPACE", "");
    vi.resetModules();
    await expect(import("../../../gateway-lambda/lambda/handler")).rejects.toThrow(
      "KEYWAY_NAMESPACE is not set: it names the namespace whose secrets this gateway serves",
    );
    vi.unstubAllEnvs();
  });
});
