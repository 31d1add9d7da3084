import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILTIN_MODEL_ENTRIES } from "../../../../gateway-lambda/models/model-catalog";
import { createGatewayHarness, type GatewayHarness, TOKENS } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  await harness.close();
});

async function modelIds(token: string): Promise<string[]> {
  const response = await harness.call("/v1/models", { token });
  const body = (await response.json()) as { object: string; data: Array<{ id: string }> };
  expect(body.object).toBe("list");
  return body.data.map((model) => model.id);
}

const catalogOf = (...providers: string[]) =>
  Object.entries(BUILTIN_MODEL_ENTRIES)
    .filter(([, provider]) => providers.includes(provider))
    .map(([model]) => model)
    .sort();

describe("GET /v1/models", () => {
  it("answers in OpenAI's list shape", async () => {
    const response = await harness.call("/v1/models", { token: TOKENS.open });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.data[0]).toEqual({
      id: expect.any(String),
      object: "model",
      created: 0,
      owned_by: expect.any(String),
    });
    expect(response.headers.get("x-keyway-request-id")).toBe("rq_test1");
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("lists, for a key without configuration, the catalog models of every provider with a key", async () => {
    expect(await modelIds(TOKENS.open)).toEqual(catalogOf("openai", "anthropic", "mistral"));
  });

  it("lists only what the configuration's allow-lists permit and its rules route, with provider:model for models outside the catalog", async () => {
    expect(await modelIds(TOKENS.scoped)).toEqual([
      "anthropic:claude-next-preview",
      "claude-haiku-4-5",
      "gpt-4o",
    ]);
  });

  it("leaves out the models of a provider whose base URL the gateway refuses", async () => {
    const insecure = await createGatewayHarness({
      providers: [{ id: "openai", baseUrl: "http://api.example.com/v1" }],
    });
    try {
      const response = await insecure.call("/v1/models", { token: TOKENS.open });
      const ids = ((await response.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id);

      expect(ids).toEqual(catalogOf("anthropic", "mistral"));
    } finally {
      await insecure.close();
    }
  });

  it("requires an access key", async () => {
    const response = await harness.call("/v1/models", { token: null });

    expect(response.status).toBe(401);
  });
});
