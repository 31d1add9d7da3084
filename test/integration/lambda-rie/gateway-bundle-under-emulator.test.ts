import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleGateway } from "../../../provider/components/gateway-bundle";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { functionUrlEvent } from "../../support/lambda/function-url-events";
import {
  type EmulatedFunction,
  type EmulatorTools,
  installEmulator,
  startEmulatedFunction,
} from "../../support/lambda-rie/emulator";
import { readBufferedResult, readStreamedResponse } from "../../support/lambda-rie/function-url-response";
import { type ProvisionedNamespace, provisionNamespace } from "../../support/lambda-rie/provision-namespace";
import { motoClient, uniqueNamespace } from "../../support/moto";

// The bundle the Gateway component uploads, run by the official AWS Lambda Runtime Interface Emulator
// (aws-lambda-rie, built with go install) with the official Node.js runtime interface client
// (aws-lambda-ric, the managed runtime's own loop and `awslambda` global), against moto and a fake
// upstream. The emulator returns a streamed response whole, once the function ended it: the prelude
// and body bytes are exactly what the runtime sent, but chunk timing is not observable here.
let tools: EmulatorTools;
let taskRoot: string;
let upstream: FakeUpstream;
let provisioned: ProvisionedNamespace;
let streaming: EmulatedFunction;
let buffered: EmulatedFunction;

const chat = (body: Record<string, unknown> = {}, authorization = `Bearer ${provisioned.token}`) =>
  functionUrlEvent("POST", "/v1/chat/completions", {
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], ...body }),
  });

beforeAll(async () => {
  tools = await installEmulator();
  taskRoot = await mkdtemp(path.join(tmpdir(), "keyway-rie-"));
  await writeFile(path.join(taskRoot, "index.js"), bundleGateway().code);
  upstream = await startFakeUpstream();
  const namespace = uniqueNamespace("rie");
  provisioned = await provisionNamespace(motoClient(), namespace);
  const environment = {
    KEYWAY_NAMESPACE: namespace,
    KEYWAY_PROVIDERS: JSON.stringify([{ id: "openai", baseUrl: `${upstream.url}/v1` }]),
    NODE_OPTIONS: `--require "${path.join(__dirname, "../../support/lambda-rie/report-http-agents.cjs")}"`,
  };
  [streaming, buffered] = await Promise.all([
    startEmulatedFunction({ tools, taskRoot, handler: "index.handler", environment }),
    startEmulatedFunction({ tools, taskRoot, handler: "index.bufferedHandler", environment }),
  ]);
}, 300_000);

afterAll(async () => {
  await Promise.all([streaming?.stop(), buffered?.stop()]);
  await upstream?.close();
  if (taskRoot) await rm(taskRoot, { recursive: true, force: true });
});

describe("the gateway bundle under the Lambda Runtime Interface Emulator, buffered handler", () => {
  it("answers a chat completion with the provider key from Secrets Manager", async () => {
    const response = readBufferedResult(await buffered.invoke(chat()));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).object).toBe("chat.completion");
    expect(response.headers["x-keyway-provider-key-id"]).toBe(provisioned.keyIds.primary);
    expect(upstream.received.at(-1)?.headers.authorization).toBe(`Bearer ${provisioned.keyValues.primary}`);
  });

  it("fails over to the backup key when the primary answers 429", async () => {
    upstream.script("429 retry-after=30, 200");

    const response = readBufferedResult(await buffered.invoke(chat()));

    expect(response.statusCode).toBe(200);
    expect(response.headers["x-keyway-attempts"]).toBe("2");
    expect(response.headers["x-keyway-provider-key-id"]).toBe(provisioned.keyIds.backup);
    expect(upstream.received.at(-1)?.headers.authorization).toBe(`Bearer ${provisioned.keyValues.backup}`);
  });

  it("rejects an unknown access key with 401 before any upstream call", async () => {
    const before = upstream.received.length;

    const response = readBufferedResult(await buffered.invoke(chat({}, "Bearer kw-not-a-key")));

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).error.code).toMatch(/access_key/);
    expect(upstream.received.length).toBe(before);
  });
});

describe("the gateway bundle under the Lambda Runtime Interface Emulator, streaming handler", () => {
  it("streams a chat completion: status and headers in the HTTP prelude, then the SSE events", async () => {
    const response = readStreamedResponse(await streaming.invoke(chat({ stream: true })));

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/event-stream");
    expect(response.headers["x-keyway-provider-key-id"]).toBe(provisioned.keyIds.primary);
    expect(response.body).toMatch(/^data: \{/);
    expect(response.body.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("fails over and rejects unknown access keys through the streaming handler too", async () => {
    upstream.script("429 retry-after=30, 200");

    const failedOver = readStreamedResponse(await streaming.invoke(chat({ stream: true })));
    const rejected = readStreamedResponse(await streaming.invoke(chat({}, "Bearer kw-not-a-key")));

    expect(failedOver.statusCode).toBe(200);
    expect(failedOver.headers["x-keyway-provider-key-id"]).toBe(provisioned.keyIds.backup);
    expect(rejected.statusCode).toBe(401);
    expect(JSON.parse(rejected.body).error.code).toMatch(/access_key/);
  });

  it("sends status and headers of a response without a body (OPTIONS answers 204 with Allow)", async () => {
    const response = readStreamedResponse(await streaming.invoke(functionUrlEvent("OPTIONS", "/v1/models")));

    expect(response.statusCode).toBe(204);
    expect(response.headers.allow).toContain("GET");
    expect(response.body).toBe("");
  });
});

describe("the gateway bundle's execution environment under the emulator", () => {
  it("runs every invocation in one process and builds its SDK and HTTP clients only once", async () => {
    const lines = (pattern: RegExp) => buffered.output().match(pattern)?.length ?? 0;
    await buffered.invoke(chat()); // the SDK client makes its agent on its first request
    const agentsBefore = lines(/https?\.Agent constructed/g);

    await buffered.invoke(chat());
    await buffered.invoke(functionUrlEvent("GET", "/v1/models", { headers: { authorization: "Bearer x" } }));

    expect(lines(/runtime process \d+ started/g)).toBe(1);
    expect(agentsBefore).toBeGreaterThan(0);
    expect(lines(/https?\.Agent constructed/g)).toBe(agentsBefore);
    expect(lines(/INIT START/g)).toBe(1);
  });
});
