import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBufferedHandler } from "../../../gateway-lambda/lambda/buffered-handler";
import { createLambdaGateway } from "../../../gateway-lambda/lambda/lambda-gateway";
import { createStreamingHandler } from "../../../gateway-lambda/lambda/streaming-handler";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { createAwsLambdaStandIn } from "../../support/lambda/awslambda-stand-in";
import {
  fetchThroughBufferedHandler,
  fetchThroughStreamingHandler,
} from "../../support/lambda/function-url-client";
import { motoClient, uniqueNamespace } from "../../support/moto";

let upstream: FakeUpstream;
let gatewayEnv: NodeJS.ProcessEnv;
let token: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const namespace = uniqueNamespace("sdk-lambda");
  const client = motoClient();
  const keys = createProviderKeyProvider(() => client);
  const checkedKey = await keys.check(
    {},
    { namespace, providerId: "openai", name: "k", value: "sk-sdk-lambda-00000000000001" },
  );
  await keys.create(checkedKey.inputs);
  // No configuration: ngrok.ai's default, every model, the namespace's keys for the provider.
  const accessKeys = createAccessKeyProvider(() => client);
  const checkedAccess = await accessKeys.check({}, { namespace, name: "sdk" });
  token = (await accessKeys.create(checkedAccess.inputs)).outs.token;
  gatewayEnv = {
    ...process.env,
    KEYWAY_NAMESPACE: namespace,
    KEYWAY_PROVIDERS: JSON.stringify([{ id: "openai", baseUrl: `${upstream.url}/v1` }]),
  };
});
afterAll(async () => {
  await upstream.close();
});

describe("the official OpenAI SDK through the Lambda handlers", () => {
  it("gets a completion and typed errors through the buffered handler", async () => {
    const handler = createBufferedHandler(createLambdaGateway(gatewayEnv));
    const sdk = new OpenAI({
      baseURL: "https://abc.lambda-url.us-east-1.on.aws/v1",
      apiKey: token,
      fetch: fetchThroughBufferedHandler(handler),
      maxRetries: 0,
    });

    const completion = await sdk.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
    });
    const models = await sdk.models.list();
    const denied = new OpenAI({
      baseURL: "https://abc.lambda-url.us-east-1.on.aws/v1",
      apiKey: "kw-wrong",
      fetch: fetchThroughBufferedHandler(handler),
      maxRetries: 0,
    });

    expect(completion.object).toBe("chat.completion");
    expect(models.data.map((model) => model.id)).toContain("gpt-4o-mini");
    await expect(
      denied.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("streams a completion through the response-streaming handler", async () => {
    const standIn = createAwsLambdaStandIn();
    const handler = createStreamingHandler(createLambdaGateway(gatewayEnv), standIn.awslambda);
    const sdk = new OpenAI({
      baseURL: "https://abc.lambda-url.us-east-1.on.aws/v1",
      apiKey: token,
      fetch: fetchThroughStreamingHandler(handler, standIn),
      maxRetries: 0,
    });

    const stream = await sdk.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";

    expect(text.length).toBeGreaterThan(0);
    expect(upstream.received.at(-1)?.body).toMatchObject({ model: "gpt-4o-mini", stream: true });
  });
});
