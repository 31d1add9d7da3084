import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AttemptsExhaustedError,
  ClientClosedError,
  TotalTimeoutError,
  toOpenAIErrorResponse,
  UpstreamError,
} from "../../../../gateway-lambda/errors";
import { type FailoverResult, runFailover } from "../../../../gateway-lambda/routing/failover";
import { createFailoverHarness, type FailoverHarness } from "./failover-harness";

let harness: FailoverHarness;

beforeEach(async () => {
  harness = await createFailoverHarness();
});

afterEach(async () => {
  expect(harness.clock.pendingTimers()).toBe(0);
  await harness.close();
});

const messages = [{ role: "user", content: "Hi" }];
const gpt4o = { model: "gpt-4o", messages };
const gpt4oThenClaude = { model: "gpt-4o", models: ["claude-haiku-4-5"], messages };

const verdicts = (result: FailoverResult<Response>) => result.attempts.map((attempt) => attempt.verdict);

/** Attempt start times relative to the first, on the injected clock. */
const startTimes = (result: FailoverResult<Response>) =>
  result.attempts.map((attempt) => attempt.startedAt - (result.attempts[0]?.startedAt ?? 0));

async function servedBody(result: FailoverResult<Response>): Promise<Record<string, unknown>> {
  if (!result.ok) throw new Error(`failover failed: ${result.error.message}`);
  return (await result.value.json()) as Record<string, unknown>;
}

function fixture(path: string): string {
  return readFileSync(join(__dirname, "../../../fixtures/upstream", path), "utf8");
}

describe("runFailover: moving on", () => {
  it("serves the first key's answer without failing over", async () => {
    const result = await harness.run(gpt4o);

    expect(await servedBody(result)).toMatchObject({ object: "chat.completion", model: "gpt-4o" });
    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o"]);
    expect(verdicts(result)).toEqual(["succeeded"]);
  });

  it.each([408, 429, 500, 502, 503, 529, 401, 402, 403])(
    "fails over to the next key on %i",
    async (status) => {
      harness.upstream.script(`${status}`);

      const result = await harness.run(gpt4o);

      expect(result.ok && result.target.providerKeyId).toBe("kwpk_openai_b");
      expect(await servedBody(result)).toMatchObject({ object: "chat.completion" });
      expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o", "openai sk-openai-b gpt-4o"]);
      expect(result.attempts.map((attempt) => [attempt.status, attempt.verdict])).toEqual([
        [status, "next_key"],
        [200, "succeeded"],
      ]);
      expect(harness.clock.sleeps).toEqual([]);
    },
  );

  it("fails over to the next key when the connection resets before the headers", async () => {
    harness.upstream.script("reset");

    const result = await harness.run(gpt4o);

    expect(result.ok).toBe(true);
    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o", "openai sk-openai-b gpt-4o"]);
    expect(result.attempts[0]).toMatchObject({
      outcome: "connection_reset",
      status: null,
      verdict: "next_key",
    });
  });

  it("moves to the next model when a provider refuses connections, without retrying it", async () => {
    const result = await harness.run({ model: "mistral-large-latest", models: ["gpt-4o"], messages });

    expect(result.ok && result.target.provider).toBe("openai");
    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o"]);
    expect(result.attempts[0]).toMatchObject({ outcome: "connection_error", verdict: "next_model" });
    expect(harness.clock.sleeps).toEqual([]);
  });

  it("moves to the next step once a step's keys have failed", async () => {
    harness.upstream.script("429");
    const twoSteps = {
      name: "two steps",
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              { type: "user" as const, keys: [{ id: "kwpk_openai_a" }] },
              { type: "user" as const, keys: [{ id: "kwpk_openai_b" }] },
            ],
          },
        ],
      },
    };

    const result = await harness.run(gpt4o, { configuration: twoSteps });

    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o", "openai sk-openai-b gpt-4o"]);
    expect(verdicts(result)).toEqual(["next_step", "succeeded"]);
  });

  it("moves to the next model once every key of a model has failed, sending the bare model id", async () => {
    harness.upstream.script("429, 401");

    const result = await harness.run(gpt4oThenClaude);

    expect(await servedBody(result)).toMatchObject({ model: "claude-haiku-4-5" });
    expect(harness.seen()).toEqual([
      "openai sk-openai-a gpt-4o",
      "openai sk-openai-b gpt-4o",
      "anthropic sk-ant-a claude-haiku-4-5",
    ]);
    expect(harness.upstream.received.every((request) => !("models" in (request.body as object)))).toBe(true);
    expect(verdicts(result)).toEqual(["next_key", "next_model", "succeeded"]);
  });

  it("never retries a silent upstream on the same route: the per-attempt timeout moves to the next model", async () => {
    harness.upstream.script("no-response");
    void harness.upstream.waitForRequests(1).then(() => harness.clock.advance(60_000));

    const result = await harness.run({ model: "claude-haiku-4-5", models: ["gpt-4o"], messages });

    expect(result.ok && result.target.provider).toBe("openai");
    expect(harness.seen()).toEqual(["anthropic sk-ant-a claude-haiku-4-5", "openai sk-openai-a gpt-4o"]);
    expect(result.attempts[0]).toMatchObject({
      outcome: "timeout",
      durationMs: 60_000,
      verdict: "next_model",
    });
    expect(startTimes(result)).toEqual([0, 60_000]);
    expect(harness.clock.sleeps).toEqual([]);
  });
});

describe("runFailover: same-model retry on the model's last key", () => {
  it.each([500, 502, 503, 529])(
    "retries the last key once after a jittered backoff on %i, then moves to the next model",
    async (status) => {
      harness.upstream.script(`${status}, ${status}, ${status}`);

      const result = await harness.run(gpt4oThenClaude);

      expect(result.ok && result.target.provider).toBe("anthropic");
      expect(harness.seen()).toEqual([
        "openai sk-openai-a gpt-4o",
        "openai sk-openai-b gpt-4o",
        "openai sk-openai-b gpt-4o",
        "anthropic sk-ant-a claude-haiku-4-5",
      ]);
      expect(verdicts(result)).toEqual(["next_key", "retry_same", "next_model", "succeeded"]);
      expect(harness.clock.sleeps).toEqual([250]);
      expect(startTimes(result)).toEqual([0, 0, 250, 250]);
    },
  );

  it("retries a reset connection on the last key", async () => {
    harness.upstream.script("reset");

    const result = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(result.ok).toBe(true);
    expect(harness.seen()).toEqual([
      "anthropic sk-ant-a claude-haiku-4-5",
      "anthropic sk-ant-a claude-haiku-4-5",
    ]);
    expect(verdicts(result)).toEqual(["retry_same", "succeeded"]);
  });

  it("waits a short Retry-After before retrying", async () => {
    harness.upstream.script("503 retry-after=1");

    const result = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(result.ok).toBe(true);
    expect(harness.clock.sleeps).toEqual([1000]);
    expect(startTimes(result)).toEqual([0, 1000]);
  });

  it("retries a 429 with a short Retry-After on the last key after waiting it", async () => {
    harness.upstream.script("429 retry-after=2 anthropic");

    const result = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(result.ok).toBe(true);
    expect(harness.seen()).toHaveLength(2);
    expect(result.attempts[0]).toMatchObject({ status: 429, verdict: "retry_same", retryDelayMs: 2000 });
    expect(startTimes(result)).toEqual([0, 2000]);
  });

  it("does not retry a 429 without Retry-After", async () => {
    harness.upstream.script("429 anthropic");

    const result = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(result.ok).toBe(false);
    expect(harness.seen()).toHaveLength(1);
    expect(harness.clock.sleeps).toEqual([]);
  });

  it("retries only once, then reports every attempt", async () => {
    harness.upstream.script("529 anthropic, 529 anthropic");

    const result = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(harness.seen()).toHaveLength(2);
    expect(verdicts(result)).toEqual(["retry_same", "exhausted"]);
  });
});

describe("runFailover: stopping", () => {
  it.each([
    [400, "openai", "openai/error-400.json"],
    [413, "anthropic", "anthropic/error-413.json"],
    [422, "openai", undefined],
  ])("stops on %i and returns the provider's error unchanged", async (status, format, path) => {
    harness.upstream.script(`${status} ${format}`);

    const result = await harness.run(gpt4oThenClaude);
    const response = toOpenAIErrorResponse(result.ok ? undefined : result.error, "rq_test");

    expect(result.ok ? undefined : result.error).toBeInstanceOf(UpstreamError);
    expect(response.status).toBe(status);
    const body = await response.text();
    if (path) expect(body).toBe(fixture(path));
    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o"]);
    expect(verdicts(result)).toEqual(["fail_fast"]);
  });

  it.each(["openai", "anthropic", "google"])(
    "moves to the next model on a %s context-length error, skipping the model's other keys",
    async (format) => {
      harness.upstream.script(`400 ${format} context-length`);

      const result = await harness.run(gpt4oThenClaude);

      expect(result.ok && result.target.provider).toBe("anthropic");
      expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o", "anthropic sk-ant-a claude-haiku-4-5"]);
      expect(result.attempts[0]).toMatchObject({ outcome: "context_length_exceeded", verdict: "next_model" });
      expect(result.skipped).toEqual([
        { target: expect.objectContaining({ providerKeyId: "kwpk_openai_b" }), reason: "model_abandoned" },
      ]);
    },
  );

  it("moves to the next model on a 404 for the model", async () => {
    harness.upstream.script("404");

    const result = await harness.run(gpt4oThenClaude);

    expect(harness.seen()).toEqual(["openai sk-openai-a gpt-4o", "anthropic sk-ant-a claude-haiku-4-5"]);
    expect(verdicts(result)).toEqual(["next_model", "succeeded"]);
  });

  it("answers 503 with every attempt summarised, and no secret, when all fail", async () => {
    harness.upstream.script("500, 429, 500");

    const result = await harness.run(gpt4o);
    const response = toOpenAIErrorResponse(result.ok ? undefined : result.error, "rq_test");
    const text = await response.text();

    expect(result.ok ? undefined : result.error).toBeInstanceOf(AttemptsExhaustedError);
    expect(response.status).toBe(503);
    expect(JSON.parse(text).error.attempts).toEqual([
      {
        provider: "openai",
        model: "gpt-4o",
        providerKeyId: "kwpk_openai_a",
        status: 500,
        reason: "server_error",
      },
      {
        provider: "openai",
        model: "gpt-4o",
        providerKeyId: "kwpk_openai_b",
        status: 429,
        reason: "rate_limited",
      },
    ]);
    expect(text).not.toMatch(/sk-|kw-client-token/);
    expect(harness.seen()).toHaveLength(2);
  });

  it("answers 504 when the total budget runs out, with the attempts made", async () => {
    harness.upstream.script("no-response, no-response");
    void harness.upstream.waitForRequests(1).then(() => harness.clock.advance(60_000));
    void harness.upstream.waitForRequests(2).then(() => harness.clock.advance(30_000));

    const result = await harness.run(gpt4o, { timeouts: { perAttemptMs: 60_000, totalMs: 90_000 } });

    expect(result.ok ? undefined : result.error).toBeInstanceOf(TotalTimeoutError);
    expect(toOpenAIErrorResponse(result.ok ? undefined : result.error, "rq_test").status).toBe(504);
    expect(harness.seen()).toHaveLength(2);
    expect(result.attempts.map((attempt) => [attempt.durationMs, attempt.verdict])).toEqual([
      [60_000, "next_key"],
      [30_000, "total_timeout"],
    ]);
  });

  it("aborts the upstream request and stops when the client disconnects", async () => {
    harness.upstream.script("no-response");
    const client = new AbortController();
    void harness.upstream.waitForRequests(1).then(() => client.abort());

    const result = await harness.run(gpt4oThenClaude, { signal: client.signal });

    expect(result.ok ? undefined : result.error).toBeInstanceOf(ClientClosedError);
    expect(verdicts(result)).toEqual(["aborted"]);
    expect(harness.seen()).toHaveLength(1);
  });

  it("never loops: each target runs once, the last key of each model at most twice", async () => {
    harness.upstream.script("503, 503, 503, 503, 503, 503, 503");

    const result = await harness.run(gpt4oThenClaude);

    expect(result.ok).toBe(false);
    expect(harness.seen()).toHaveLength(5);
    expect(harness.upstream.pending()).toBe(2);
  });
});

describe("runFailover: key health across requests", () => {
  it("cools a key down after a 429 with Retry-After and skips it while another key exists", async () => {
    harness.upstream.script("429 retry-after=30");
    await harness.run(gpt4o);

    const whileCooling = await harness.run(gpt4o);
    harness.clock.advance(30_000);
    const afterCooling = await harness.run(gpt4o);

    expect(harness.seen()).toEqual([
      "openai sk-openai-a gpt-4o",
      "openai sk-openai-b gpt-4o",
      "openai sk-openai-b gpt-4o",
      "openai sk-openai-a gpt-4o",
    ]);
    expect(whileCooling.skipped).toEqual([
      { target: expect.objectContaining({ providerKeyId: "kwpk_openai_a" }), reason: "cooling" },
    ]);
    expect(afterCooling.ok && afterCooling.target.providerKeyId).toBe("kwpk_openai_a");
  });

  it("still tries a cooling key when no other target exists", async () => {
    harness.upstream.script("429 retry-after=30 anthropic");
    const first = await harness.run({ model: "claude-haiku-4-5", messages });

    const second = await harness.run({ model: "claude-haiku-4-5", messages });

    expect(first.ok).toBe(false);
    expect(second.ok).toBe(true);
    expect(harness.seen()).toHaveLength(2);
  });

  it("opens a key's circuit after 5 consecutive failures and sends it traffic again within 30 s of recovery", async () => {
    harness.upstream.script("500, 200, 500, 200, 500, 200, 500, 200, 500, 200");
    for (let request = 0; request < 5; request++) await harness.run(gpt4o);

    const whileOpen = await harness.run(gpt4o);
    harness.clock.advance(15_000);
    const probe = await harness.run(gpt4o);
    const afterRecovery = await harness.run(gpt4o);

    expect(harness.seen().slice(10)).toEqual([
      "openai sk-openai-b gpt-4o",
      "openai sk-openai-a gpt-4o",
      "openai sk-openai-a gpt-4o",
    ]);
    expect(whileOpen.skipped).toEqual([
      { target: expect.objectContaining({ providerKeyId: "kwpk_openai_a" }), reason: "circuit_open" },
    ]);
    expect(probe.ok && probe.target.providerKeyId).toBe("kwpk_openai_a");
    expect(afterRecovery.ok && afterRecovery.target.providerKeyId).toBe("kwpk_openai_a");
  });
});

describe("runFailover: after the answer is chosen", () => {
  const streaming = { model: "gpt-4o", stream: true, messages };

  it("never cuts a served stream with the per-attempt timer", async () => {
    harness.upstream.script({ chunkDelayMs: 20 });

    const result = await harness.run(streaming);
    harness.clock.advance(600_000);

    expect(result.ok && (await result.value.text()).endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("aborts a served stream's upstream when the client disconnects", async () => {
    harness.upstream.script("200 stall-after=1");
    const client = new AbortController();

    const result = await harness.run(streaming, { signal: client.signal });
    if (!result.ok) throw result.error;
    const reading = result.value.text();
    client.abort();

    await expect(reading).rejects.toThrow();
  });
});

describe("runFailover: contract with the attempt function", () => {
  it("lets an error that is not an abort propagate: it is a bug, not an upstream failure", async () => {
    const target = {
      candidateIndex: 0,
      provider: "openai",
      model: "gpt-4o",
      reference: "openai:gpt-4o",
      providerKeyId: "kwpk_openai_a",
      ruleIndex: null,
      stepIndex: 0,
    };

    await expect(
      runFailover({
        targets: [target],
        clock: harness.clock,
        keyHealth: harness.keyHealth,
        attempt: async () => {
          throw new TypeError("adapter bug");
        },
      }),
    ).rejects.toThrow("adapter bug");
  });
});
