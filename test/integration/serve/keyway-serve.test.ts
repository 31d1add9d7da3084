import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "../../support/fake-upstream";
import { type KeywayProcess, startKeywayServe } from "../../support/keyway-process";

const run = promisify(execFile);
const TOKEN = "kw-serve-test-token-0123456789abcdef";

describe("keyway serve in demo mode (no provider keys in the environment)", () => {
  let gateway: KeywayProcess;
  beforeAll(async () => {
    gateway = await startKeywayServe();
  });
  afterAll(async () => {
    expect(await gateway.stop()).toBe(0);
  });

  it("prints a URL and a token the OpenAI SDK can use, and shows failover in the headers", async () => {
    const client = new OpenAI({ baseURL: gateway.baseUrl, apiKey: gateway.token, maxRetries: 0 });

    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] })
      .withResponse();

    expect(data.choices[0]?.message.content).toContain("demo upstream");
    expect(response.headers.get("x-keyway-attempts")).toBe("2");
    expect(response.headers.get("x-keyway-provider-key-id")).toBe("demo-backup");
  });

  it("streams through the official Python SDK too", async () => {
    const { stdout } = await run(".venv/bin/python", [
      "test/clients/python_openai_client.py",
      gateway.baseUrl,
      gateway.token ?? "",
    ]);
    const result = JSON.parse(stdout);

    expect(result.buffered.content).toContain("demo upstream");
    expect(result.buffered.headers["x-keyway-provider"]).toBe("openai");
    expect(result.streamed).toBe(`Hello from keyway's demo upstream, through the key "demo backup".`);
    expect(result.models).toContain("gpt-4o-mini");
    expect(result.badKey).toEqual({ status: 401, code: expect.stringMatching(/access_key/) });
  });
});

describe("keyway serve --config with a file", () => {
  let upstream: FakeUpstream;
  let gateway: KeywayProcess;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    const dir = await mkdtemp(join(tmpdir(), "keyway-serve-"));
    const file = join(dir, "keyway.yaml");
    await writeFile(
      file,
      [
        "providers:",
        `  - { id: openai, baseUrl: "${upstream.url}/v1" }`,
        "providerKeys:",
        "  - { id: primary, providerId: openai, name: primary, value: sk-primary-from-file-0000000001 }",
        '  - { id: backup, providerId: openai, name: backup, value: "${BACKUP_KEY}" }',
        "configurations:",
        "  - id: prod",
        "    name: prod",
        "    router: { rules: [{ provider: openai, steps: [{ type: user, keys: [{ id: primary }, { id: backup }] }] }] }",
        "accessKeys:",
        '  - { name: app, configurationId: prod, token: "${APP_TOKEN}" }',
        "",
      ].join("\n"),
    );
    gateway = await startKeywayServe(["--config", file], {
      BACKUP_KEY: "sk-backup-from-env-00000000002",
      APP_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await upstream.close();
  });

  it("fails over from a rate-limited key to the next, with the key from the environment, as the SDK sees it", async () => {
    upstream.script("429 retry-after=30, 200");
    const client = new OpenAI({ baseURL: gateway.baseUrl, apiKey: TOKEN, maxRetries: 0 });

    const { response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
      .withResponse();

    expect(response.headers.get("x-keyway-provider-key-id")).toBe("backup");
    const seen = upstream.received.slice(-2).map((request) => request.headers.authorization);
    expect(seen).toEqual(["Bearer sk-primary-from-file-0000000001", "Bearer sk-backup-from-env-00000000002"]);
    expect(upstream.received.at(-1)?.headers["x-api-key"]).toBeUndefined();
  });

  it("writes one JSON log line per request without keys, tokens or prompts", async () => {
    const client = new OpenAI({ baseURL: gateway.baseUrl, apiKey: TOKEN, maxRetries: 0 });
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "SECRET-PROMPT" }],
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = gateway
      .stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.event === "request").length).toBeGreaterThanOrEqual(2);
    for (const secret of [TOKEN, "sk-primary-from-file", "sk-backup-from-env", "SECRET-PROMPT"]) {
      expect(gateway.stdout()).not.toContain(secret);
      expect(gateway.stderr()).not.toContain(secret);
    }
  });
});
