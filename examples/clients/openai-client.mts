/**
 * Calls a deployed keyway gateway with the official OpenAI SDK for TypeScript (npm install openai).
 *
 *   export KEYWAY_URL=$(pulumi stack output url)   # https://<id>.lambda-url.<region>.on.aws/v1
 *   export KEYWAY_TOKEN=$(pulumi stack output accessToken --show-secrets)
 *   node examples/clients/openai-client.mts        # Node 22.18+ runs TypeScript as is
 */
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.KEYWAY_URL, apiKey: process.env.KEYWAY_TOKEN });

const { data, response } = await client.chat.completions
  .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello in five words." }] })
  .withResponse();
console.log(data.choices[0]?.message.content);
console.log(
  `served by key ${response.headers.get("x-keyway-provider-key-id")} after ${response.headers.get("x-keyway-attempts")} attempt(s)`,
);

const stream = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Count to five." }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
process.stdout.write("\n");
