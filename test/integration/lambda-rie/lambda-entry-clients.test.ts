import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { functionUrlEvent } from "../../support/lambda/function-url-events";
import { type ProvisionedNamespace, provisionNamespace } from "../../support/lambda-rie/provision-namespace";
import { motoClient, uniqueNamespace } from "../../support/moto";

// Counts SecretsManagerClient constructions: the real class, subclassed, for every importer in this file.
const constructed = vi.hoisted(() => ({ count: 0 }));
vi.mock("@aws-sdk/client-secrets-manager", async (importOriginal) => {
  const original = await importOriginal<typeof import("@aws-sdk/client-secrets-manager")>();
  class CountedSecretsManagerClient extends original.SecretsManagerClient {
    constructor(...args: ConstructorParameters<typeof original.SecretsManagerClient>) {
      super(...args);
      constructed.count++;
    }
  }
  return { ...original, SecretsManagerClient: CountedSecretsManagerClient };
});

let upstream: FakeUpstream;
let provisioned: ProvisionedNamespace;
let namespace: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  namespace = uniqueNamespace("entry");
  provisioned = await provisionNamespace(motoClient(), namespace);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await upstream?.close();
});

describe("the Lambda entry module (gateway-lambda/lambda/handler)", () => {
  it("creates its Secrets Manager client once per execution environment, not per invocation", async () => {
    vi.stubEnv("KEYWAY_NAMESPACE", namespace);
    vi.stubEnv("KEYWAY_PROVIDERS", JSON.stringify([{ id: "openai", baseUrl: `${upstream.url}/v1` }]));
    const before = constructed.count;
    const entry = await import("../../../gateway-lambda/lambda/handler");
    const atInit = constructed.count - before;
    const chat = functionUrlEvent("POST", "/v1/chat/completions", {
      headers: { authorization: `Bearer ${provisioned.token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
    });

    const first = await entry.bufferedHandler(chat);
    const second = await entry.bufferedHandler(chat);

    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(atInit).toBe(1);
    expect(constructed.count - before).toBe(1);
  });
});
