import { createServer } from "node:net";
import { BUILTIN_PROVIDERS } from "../../../../contract/builtin-providers";
import type { AccessKeyConfiguration } from "../../../../contract/configuration-types";
import { hashToken } from "../../../../contract/token-hash";
import { createGateway, type Gateway } from "../../../../gateway-lambda/http";
import { createJsonLogger } from "../../../../gateway-lambda/logger";
import { createKeyHealth, type KeyHealth } from "../../../../gateway-lambda/routing/key-health";
import {
  type AccessKeyRecord,
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySettings,
  type GatewaySnapshot,
  type ProviderEndpoint,
} from "../../../../gateway-lambda/store/gateway-store";
import { createStaticStore } from "../../../../gateway-lambda/store/static-store";
import { type FakeUpstream, startFakeUpstream } from "../../../support/fake-upstream";
import { FakeClock } from "../support/fake-clock";

/** Provider key values: recognisable, so tests can check they reach the upstream and nothing else. */
export const KEY_VALUES = {
  kwpk_openai_a: "sk-openai-a-SECRETVALUE1",
  kwpk_openai_b: "sk-openai-b-SECRETVALUE2",
  kwpk_anthropic_a: "sk-ant-a-SECRETVALUE3",
  kwpk_mistral_a: "sk-mistral-a-SECRETVALUE4",
} as const;

const KEY_PROVIDERS: Record<keyof typeof KEY_VALUES, string> = {
  kwpk_openai_a: "openai",
  kwpk_openai_b: "openai",
  kwpk_anthropic_a: "anthropic",
  kwpk_mistral_a: "mistral",
};

/** Access-key tokens by what they are for. */
export const TOKENS = {
  /** Configuration `kwcfg_routed`: openai keys a then b, anthropic a, mistral a. */
  routed: "kw-test-ROUTED-token-0001",
  /** No configuration: every model, the namespace's keys. */
  open: "kw-test-OPEN-token-0002",
  /** Configuration `kwcfg_scoped`: only openai:gpt-4o and anthropic models. */
  scoped: "kw-test-SCOPED-token-0003",
  disabled: "kw-test-DISABLED-token-0004",
  expired: "kw-test-EXPIRED-token-0005",
  /** Names a configuration the snapshot does not have. */
  orphan: "kw-test-ORPHAN-token-0006",
} as const;

export const ROUTED: AccessKeyConfiguration = {
  name: "routed",
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

export const SCOPED: AccessKeyConfiguration = {
  name: "scoped",
  access: {
    providers: { allow: ["openai", "anthropic"] },
    models: { allow: ["openai:gpt-4o", "anthropic:claude-haiku-4-5", "anthropic:claude-next-preview"] },
  },
};

export interface HarnessOptions {
  settings?: Partial<GatewaySettings>;
  configurations?: Record<string, AccessKeyConfiguration>;
  /** Extra or replaced provider endpoints (custom providers, insecure URLs); a function gets the fake's URL. */
  providers?: ProviderEndpoint[] | ((upstreamUrl: string) => ProviderEndpoint[]);
  /** Extra provider keys. */
  providerKeys?: Array<{ id: string; providerId: string; value: string }>;
  /** Extra access keys (configuration: none unless given). */
  accessKeys?: Array<{ token: string } & Partial<AccessKeyRecord>>;
}

export interface CallOptions {
  method?: string;
  /** An access-key token sent as `Authorization: Bearer`; `null` sends none. Default: `routed`. */
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface GatewayHarness {
  gateway: Gateway;
  upstream: FakeUpstream;
  clock: FakeClock;
  keyHealth: KeyHealth;
  /** Every log line the gateway wrote, raw. */
  logLines: string[];
  /** The parsed `request` log lines. */
  requestLogs(): Array<Record<string, unknown>>;
  call(path: string, options?: CallOptions): Promise<Response>;
  /** `POST /v1/chat/completions` with the body. */
  chat(body: Record<string, unknown>, options?: CallOptions): Promise<Response>;
  /** What the upstream saw, in order: `provider key-value model`. */
  seen(): string[];
  close(): Promise<void>;
}

/**
 * A gateway over a static snapshot whose openai and anthropic endpoints are one fake upstream
 * (`/openai/v1/...`, `/anthropic/v1/...`, one shared script in call order) and whose mistral endpoint is
 * a port where nothing listens; on a fake clock, logging JSON lines into `logLines`.
 */
export async function createGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const upstream = await startFakeUpstream();
  const clock = new FakeClock();
  const keyHealth = createKeyHealth({ now: () => clock.now() });
  const logLines: string[] = [];
  const snapshot = buildSnapshot(upstream, await closedPort(), options, clock.now());
  let requestNumber = 0;
  const gateway = createGateway({
    store: createStaticStore(snapshot),
    clock,
    keyHealth,
    logger: createJsonLogger((line) => logLines.push(line)),
    random: () => 0.5,
    requestId: () => `rq_test${++requestNumber}`,
  });

  const call = (path: string, callOptions: CallOptions = {}) => {
    const headers = new Headers(callOptions.headers);
    const token = callOptions.token === undefined ? TOKENS.routed : callOptions.token;
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    const body =
      callOptions.body === undefined
        ? undefined
        : typeof callOptions.body === "string"
          ? callOptions.body
          : JSON.stringify(callOptions.body);
    if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    return gateway(
      new Request(`http://keyway.local${path}`, {
        method: callOptions.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        signal: callOptions.signal,
      }),
    );
  };

  return {
    gateway,
    upstream,
    clock,
    keyHealth,
    logLines,
    requestLogs: () =>
      logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "request"),
    call,
    chat: (body, callOptions) => call("/v1/chat/completions", { ...callOptions, body }),
    seen: () =>
      upstream.received.map((request) => {
        const provider = request.path.split("/")[1];
        const key = request.headers.authorization?.replace("Bearer ", "");
        return `${provider} ${key} ${(request.body as { model?: string } | undefined)?.model}`;
      }),
    close: () => upstream.close(),
  };
}

function buildSnapshot(
  upstream: FakeUpstream,
  closedPortNumber: number,
  options: HarnessOptions,
  now: number,
): GatewaySnapshot {
  const providers = new Map<string, ProviderEndpoint>(
    BUILTIN_PROVIDERS.map((provider) => [provider.id, { id: provider.id, baseUrl: provider.baseUrl }]),
  );
  providers.set("openai", { id: "openai", baseUrl: `${upstream.url}/openai/v1` });
  providers.set("anthropic", { id: "anthropic", baseUrl: `${upstream.url}/anthropic/v1` });
  providers.set("mistral", { id: "mistral", baseUrl: `http://127.0.0.1:${closedPortNumber}/v1` });
  const extraProviders =
    typeof options.providers === "function" ? options.providers(upstream.url) : (options.providers ?? []);
  for (const provider of extraProviders) providers.set(provider.id, provider);

  const configurations = { kwcfg_routed: ROUTED, kwcfg_scoped: SCOPED, ...options.configurations };
  const accessKey = (
    id: string,
    token: string,
    configurationId: string | null,
    extra: Partial<AccessKeyRecord> = {},
  ): [string, AccessKeyRecord] => [
    hashToken(token),
    {
      id,
      name: id,
      configurationId,
      tokenSha256: hashToken(token),
      expiresAt: "2100-01-01T00:00:00Z",
      disabled: false,
      ...extra,
    },
  ];

  return {
    providerKeys: new Map(
      [
        ...Object.entries(KEY_VALUES).map(([id, value]) => ({
          id,
          providerId: KEY_PROVIDERS[id as keyof typeof KEY_VALUES],
          value,
        })),
        ...(options.providerKeys ?? []),
      ].map((key) => [key.id, { ...key, name: key.id }]),
    ),
    configurations: new Map(
      Object.entries(configurations).map(([id, configuration]) => [id, { id, configuration }]),
    ),
    accessKeysByTokenHash: new Map([
      accessKey("kwak_routed", TOKENS.routed, "kwcfg_routed"),
      accessKey("kwak_open", TOKENS.open, null, { expiresAt: null }),
      accessKey("kwak_scoped", TOKENS.scoped, "kwcfg_scoped"),
      accessKey("kwak_disabled", TOKENS.disabled, null, { disabled: true }),
      accessKey("kwak_expired", TOKENS.expired, null, { expiresAt: "1970-01-01T00:00:01Z" }),
      accessKey("kwak_orphan", TOKENS.orphan, "kwcfg_deleted"),
      ...(options.accessKeys ?? []).map(({ token, ...extra }) =>
        accessKey(extra.id ?? "kwak_extra", token, extra.configurationId ?? null, extra),
      ),
    ]),
    providers,
    settings: { ...DEFAULT_GATEWAY_SETTINGS, ...options.settings },
    loadedAt: now,
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

/** The SSE events of a body, without their blank lines. */
export function events(text: string): string[] {
  return text.split("\n\n").filter((event) => event.length > 0);
}

/** Polls until `condition` holds (for acting once the gateway has armed a timer on the fake clock). */
export async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
