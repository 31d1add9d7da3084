import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness, TOKENS } from "../../unit/gateway/http/gateway-harness";

/**
 * The official OpenAI SDK for TypeScript as the client, its fetch pointed at the gateway function
 * (no server in between), the providers being the fake upstream over real HTTP.
 */
let harness: GatewayHarness;
let client: OpenAI;

function clientFor(token: string): OpenAI {
  return new OpenAI({
    apiKey: token,
    baseURL: "http://keyway.local/v1",
    fetch: (url, init) => harness.gateway(new Request(url, init)),
    maxRetries: 0,
  });
}

beforeEach(async () => {
  harness = await createGatewayHarness();
  client = clientFor(TOKENS.routed);
});

afterEach(async () => {
  await harness.close();
});

const messages = [{ role: "user" as const, content: "Hi" }];

describe("the OpenAI SDK against keyway: buffered", () => {
  it("creates a chat completion", async () => {
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages });

    expect(completion.choices[0]?.message.content).toBe("Hello! How can I assist you today?");
    expect(completion.usage?.total_tokens).toBe(29);
  });

  it("shows a failover in the response headers", async () => {
    harness.upstream.script("429");

    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o", messages })
      .withResponse();

    expect(data.object).toBe("chat.completion");
    expect(response.headers.get("x-keyway-attempts")).toBe("2");
    expect(response.headers.get("x-keyway-provider-key-id")).toBe("kwpk_openai_b");
    expect(response.headers.get("x-keyway-request-id")).toMatch(/^rq_/);
  });

  it("sends a fallback list through the body and reports the model that answered", async () => {
    harness.upstream.script("429, 401");
    const body = { model: "gpt-4o", models: ["claude-haiku-4-5"], messages };

    const { response } = await client.chat.completions
      .create(body as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .withResponse();

    expect(response.headers.get("x-keyway-provider")).toBe("anthropic");
    expect(response.headers.get("x-keyway-model")).toBe("claude-haiku-4-5");
  });

  it("creates embeddings and a Responses answer", async () => {
    const embeddings = await client.embeddings.create({ model: "text-embedding-3-small", input: "Hi" });
    const response = await client.responses.create({ model: "gpt-4o", input: "Hi" });

    expect(embeddings.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(response.output_text).toContain("unicorn");
  });

  it("lists the models the access key may call", async () => {
    const scoped = clientFor(TOKENS.scoped);

    const ids: string[] = [];
    for await (const model of scoped.models.list()) ids.push(model.id);

    expect(ids).toEqual(["anthropic:claude-next-preview", "claude-haiku-4-5", "gpt-4o"]);
  });
});

describe("the OpenAI SDK against keyway: streaming", () => {
  it("streams a chat completion", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages, stream: true });

    let content = "";
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? "";

    expect(content).toBe("Hello! How can I help?");
  });

  it("streams after an invisible failover on a broken first attempt, visible in the headers", async () => {
    harness.upstream.script("503");

    const { data: stream, response } = await client.chat.completions
      .create({ model: "gpt-4o", messages, stream: true })
      .withResponse();
    let content = "";
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? "";

    expect(content).toBe("Hello! How can I help?");
    expect(response.headers.get("x-keyway-attempts")).toBe("2");
  });

  it("raises a stream cut mid-way as an APIError with keyway's code, never as a complete answer", async () => {
    harness.upstream.script("200 cut-after=2");
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages, stream: true });

    const read = async () => {
      for await (const _chunk of stream) {
        // Consume until the error event.
      }
    };

    await expect(read()).rejects.toMatchObject({ code: "stream_interrupted", type: "server_error" });
  });

  it("streams a Responses answer", async () => {
    const stream = await client.responses.create({ model: "gpt-4o", input: "Hi", stream: true });

    const types: string[] = [];
    for await (const event of stream) types.push(event.type);

    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
  });
});

describe("the OpenAI SDK against keyway: errors", () => {
  it("surfaces a disallowed model as PermissionDeniedError with keyway's code", async () => {
    const scoped = clientFor(TOKENS.scoped);

    const error = await scoped.chat.completions
      .create({ model: "gpt-4o-mini", messages })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: "model_not_allowed", param: "model" });
    expect(error.requestID ?? error.headers?.get("x-keyway-request-id")).toBeDefined();
  });

  it("surfaces a bad access key as AuthenticationError", async () => {
    const error = await clientFor("kw-wrong")
      .models.list()
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.code).toBe("invalid_access_key");
  });

  it("surfaces every upstream failing as a 503 with the attempts", async () => {
    harness.upstream.script("500, 429, 500");

    const error = await client.chat.completions
      .create({ model: "gpt-4o", messages })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 503, code: "all_attempts_failed" });
    expect(error.error.attempts).toHaveLength(2);
  });

  it("passes the provider's own 400 through as BadRequestError", async () => {
    harness.upstream.script("400");

    const error = await client.chat.completions
      .create({ model: "gpt-4o", messages })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
  });
});
