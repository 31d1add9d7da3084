import { createServer } from "node:net";
import type { AccessKeyConfiguration } from "../../../../contract/configuration-types";
import { resolveCandidates } from "../../../../gateway-lambda/models/resolve-candidates";
import {
  type FailoverResult,
  type FailoverTimeouts,
  runFailover,
} from "../../../../gateway-lambda/routing/failover";
import { createKeyHealth, type KeyHealth } from "../../../../gateway-lambda/routing/key-health";
import { type ProviderKeySnapshot, selectTargets } from "../../../../gateway-lambda/routing/select-targets";
import { createOpenAICompatibleAdapter } from "../../../../gateway-lambda/upstream/openai-compatible-adapter";
import type { UpstreamAdapter } from "../../../../gateway-lambda/upstream/upstream-adapter";
import { createUpstreamBody } from "../../../../gateway-lambda/upstream/upstream-body";
import { type FakeUpstream, startFakeUpstream } from "../../../support/fake-upstream";
import { FakeClock } from "../support/fake-clock";

/** Provider keys of the tests: id -> provider and value (the value shows up in what the upstream saw). */
const KEYS = {
  kwpk_openai_a: { providerId: "openai", value: "sk-openai-a" },
  kwpk_openai_b: { providerId: "openai", value: "sk-openai-b" },
  kwpk_anthropic_a: { providerId: "anthropic", value: "sk-ant-a" },
  kwpk_mistral_a: { providerId: "mistral", value: "sk-mistral-a" },
} as const;

/** openai: keys a then b; anthropic: one key; mistral: one key, on a port where nothing listens. */
export const CONFIGURATION: AccessKeyConfiguration = {
  name: "failover tests",
  router: {
    rules: [
      {
        provider: "openai",
        steps: [{ type: "user", keys: [{ id: "kwpk_openai_a" }, { id: "kwpk_openai_b" }] }],
      },
      { provider: "anthropic", steps: [{ type: "user", keys: [{ id: "kwpk_anthropic_a" }] }] },
      { provider: "mistral", steps: [{ type: "user", keys: [{ id: "kwpk_mistral_a" }] }] },
    ],
  },
};

export interface RunOptions {
  configuration?: AccessKeyConfiguration;
  timeouts?: FailoverTimeouts;
  signal?: AbortSignal;
}

export interface FailoverHarness {
  /** One fake serving every provider: `/openai/v1/...`, `/anthropic/v1/...`; its script is shared, in call order. */
  upstream: FakeUpstream;
  clock: FakeClock;
  keyHealth: KeyHealth;
  /** Selects targets for the body and runs the failover loop over real HTTP. */
  run(body: Record<string, unknown>, options?: RunOptions): Promise<FailoverResult<Response>>;
  /** What the upstream saw, in order: `provider key-value model`. */
  seen(): string[];
  close(): Promise<void>;
}

export async function createFailoverHarness(): Promise<FailoverHarness> {
  const upstream = await startFakeUpstream();
  const clock = new FakeClock();
  const keyHealth = createKeyHealth({ now: () => clock.now() });
  const adapters: Record<string, UpstreamAdapter> = {
    openai: createOpenAICompatibleAdapter({ provider: "openai", baseUrl: `${upstream.url}/openai/v1` }),
    anthropic: createOpenAICompatibleAdapter({
      provider: "anthropic",
      baseUrl: `${upstream.url}/anthropic/v1`,
    }),
    mistral: createOpenAICompatibleAdapter({
      provider: "mistral",
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
    }),
  };
  const snapshot: ProviderKeySnapshot = new Map(Object.entries(KEYS));

  return {
    upstream,
    clock,
    keyHealth,
    run(body, options = {}) {
      const { attempts: targets } = selectTargets({
        configuration: options.configuration ?? CONFIGURATION,
        candidates: resolveCandidates(body),
        providerKeys: snapshot,
      });
      return runFailover({
        targets,
        clock,
        keyHealth,
        timeouts: options.timeouts,
        signal: options.signal,
        random: () => 0.5,
        attempt: (target, signal) =>
          (adapters[target.provider] as UpstreamAdapter).send({
            path: "chat/completions",
            method: "POST",
            headers: new Headers({
              authorization: "Bearer kw-client-token",
              "content-type": "application/json",
            }),
            body: createUpstreamBody(body),
            model: target.model,
            apiKey: KEYS[target.providerKeyId as keyof typeof KEYS].value,
            signal,
          }),
      });
    },
    seen: () =>
      upstream.received.map((request) => {
        const provider = request.path.split("/")[1];
        const key = request.headers.authorization?.replace("Bearer ", "");
        return `${provider} ${key} ${(request.body as { model?: string }).model}`;
      }),
    close: () => upstream.close(),
  };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
