import { DeleteSecretCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it, vi } from "vitest";
import { hashToken } from "../../../contract/token-hash";
import { DEFAULT_GATEWAY_SETTINGS } from "../../../gateway-lambda/store/gateway-store";
import {
  createSecretsManagerStore,
  type SecretsManagerStoreOptions,
} from "../../../gateway-lambda/store/secrets-manager-store";
import { motoClient, uniqueNamespace } from "../../support/moto";
import { FakeClock } from "../../unit/gateway/support/fake-clock";
import {
  ANTHROPIC_KEY,
  createProviderKey,
  createRawSecret,
  fakeId,
  instrumentedClient,
  OPENAI_BACKUP,
  OPENAI_PRIMARY,
  recordingLogger,
  rotateProviderKey,
  seedNamespace,
} from "./seed-namespace";

const eventually = (assertion: () => unknown) => vi.waitFor(assertion, { timeout: 5_000, interval: 5 });

function storeFor(namespace: string, options: Partial<SecretsManagerStoreOptions> = {}) {
  const instrumented = instrumentedClient();
  const logger = recordingLogger();
  const clock = new FakeClock();
  const store = createSecretsManagerStore({
    namespace,
    client: instrumented.client,
    logger,
    clock,
    ...options,
  });
  return { store, instrumented, logger, clock };
}

describe("Secrets Manager store against moto", () => {
  it("serves the provider keys, configurations and access-key hashes the provider runtime created, in one call", async () => {
    const namespace = uniqueNamespace("sms");
    const seeded = await seedNamespace(namespace);
    const { store, instrumented, logger } = storeFor(namespace, {
      settings: { maxBodyBytes: 1024, timeouts: { totalMs: 90_000 } },
    });

    const snapshot = await store.snapshot();

    expect([...snapshot.providerKeys.values()]).toEqual(
      expect.arrayContaining([
        { id: seeded.primary.id, providerId: "openai", name: "OpenAI primary", value: OPENAI_PRIMARY },
        { id: seeded.backup.id, providerId: "openai", name: "OpenAI backup", value: OPENAI_BACKUP },
        { id: seeded.anthropic.id, providerId: "anthropic", name: "Anthropic", value: ANTHROPIC_KEY },
      ]),
    );
    expect(snapshot.providerKeys.size).toBe(3);
    expect(snapshot.configurations.get(seeded.prod)).toEqual({
      id: seeded.prod,
      configuration: seeded.prodConfiguration,
    });
    expect(snapshot.accessKeysByTokenHash.get(hashToken(seeded.webApp.token))).toEqual({
      id: seeded.webApp.id,
      name: "web app",
      configurationId: seeded.prod,
      tokenSha256: hashToken(seeded.webApp.token),
      expiresAt: null,
      disabled: false,
    });
    expect(snapshot.accessKeysByTokenHash.get(hashToken(seeded.notebook.token))?.configurationId).toBeNull();
    expect(snapshot.providers.get("anthropic")).toEqual({
      id: "anthropic",
      baseUrl: "https://api.anthropic.com/v1",
    });
    expect(snapshot.settings).toEqual({
      ...DEFAULT_GATEWAY_SETTINGS,
      maxBodyBytes: 1024,
      timeouts: { ...DEFAULT_GATEWAY_SETTINGS.timeouts, totalMs: 90_000 },
    });
    expect(instrumented.calls).toEqual(["BatchGetSecretValueCommand"]);
    expect(logger.lines.find((line) => line.event === "store.loaded")?.fields).toMatchObject({
      namespace,
      providerKeys: 3,
      configurations: 1,
      accessKeys: 2,
      skipped: 0,
      calls: 1,
    });
    expect(Object.isFrozen(snapshot.providerKeys.get(seeded.primary.id))).toBe(true);
  });

  it("pages through more than 20 secrets: one BatchGetSecretValue per 20", async () => {
    const namespace = uniqueNamespace("sms-page");
    const created = [];
    for (let index = 0; index < 25; index++) {
      created.push(
        await createProviderKey(namespace, "openai", `key ${index}`, `sk-key-${index}-0123456789abcdef`),
      );
    }
    const { store, instrumented } = storeFor(namespace);

    const snapshot = await store.snapshot();

    expect([...snapshot.providerKeys.keys()].sort()).toEqual(created.map((key) => key.id).sort());
    expect(instrumented.calls).toEqual(["BatchGetSecretValueCommand", "BatchGetSecretValueCommand"]);
  });

  it("does not serve another namespace whose name starts with its own (ns vs ns-2)", async () => {
    const namespace = uniqueNamespace("sms-prefix");
    const own = await createProviderKey(namespace, "openai", "own", "sk-own-0123456789abcdefghij");
    await createProviderKey(`${namespace}-2`, "openai", "neighbour", "sk-neighbour-0123456789abcdef");
    const { store, logger } = storeFor(namespace);

    const snapshot = await store.snapshot();

    expect([...snapshot.providerKeys.keys()]).toEqual([own.id]);
    expect(logger.text()).not.toContain("sk-neighbour");
  });

  it("skips a corrupt or invalid secret with a log line naming it, and serves the rest", async () => {
    const namespace = uniqueNamespace("sms-bad");
    const seeded = await seedNamespace(namespace);
    const invalidId = fakeId("kwac_", "invalid");
    await createRawSecret(
      namespace,
      `configurations/${invalidId}`,
      JSON.stringify({
        schemaVersion: 1,
        kind: "access-key-configuration",
        id: invalidId,
        configuration: { name: "broken", router: { rules: [{ provider: "openai" }] } },
      }),
    );
    const futureId = fakeId("kwpk_", "future");
    const futureSecret = "sk-future-SHOULDNEVERBELOGGED0123";
    await createRawSecret(
      namespace,
      `provider-keys/${futureId}`,
      JSON.stringify({ schemaVersion: 2, kind: "provider-key", id: futureId, value: futureSecret }),
    );
    await createRawSecret(
      namespace,
      "provider-keys/kwpk_notjsonnotjsonnotjsonnotjs",
      `{"value":"${futureSecret}`,
    );
    const { store, logger } = storeFor(namespace);

    const snapshot = await store.snapshot();

    expect(snapshot.providerKeys.size).toBe(3);
    expect([...snapshot.configurations.keys()]).toEqual([seeded.prod]);
    const skipped = logger.lines.filter((line) => line.event === "store.secret_skipped");
    expect(skipped.map((line) => line.fields)).toEqual(
      expect.arrayContaining([
        {
          namespace,
          secretName: `keyway/${namespace}/configurations/${invalidId}`,
          id: invalidId,
          reason: "the configuration is invalid",
          issues: ["router.rules[0].steps: is required"],
        },
        {
          namespace,
          secretName: `keyway/${namespace}/provider-keys/${futureId}`,
          id: futureId,
          reason: "schemaVersion 2 is not supported (this gateway reads 1); upgrade the gateway",
        },
        {
          namespace,
          secretName: `keyway/${namespace}/provider-keys/kwpk_notjsonnotjsonnotjsonnotjs`,
          id: "kwpk_notjsonnotjsonnotjsonnotjs",
          reason: "the value is not JSON",
        },
      ]),
    );
    expect(skipped).toHaveLength(3);
    expect(logger.text()).not.toContain(futureSecret);
  });

  it("keeps an access key whose configuration is missing, and warns about it", async () => {
    const namespace = uniqueNamespace("sms-dangling");
    const configurationId = fakeId("kwac_", "gone");
    const accessKeyId = fakeId("kwak_", "dangling");
    const tokenSha256 = hashToken("kw-dangling-token-0123456789");
    await createRawSecret(
      namespace,
      `access-keys/${accessKeyId}`,
      JSON.stringify({
        schemaVersion: 1,
        kind: "access-key",
        id: accessKeyId,
        name: "orphan",
        description: null,
        configurationId,
        tokenSha256,
        expiresAt: null,
        disabled: false,
      }),
    );
    const { store, logger } = storeFor(namespace);

    const snapshot = await store.snapshot();

    expect(snapshot.accessKeysByTokenHash.get(tokenSha256)?.configurationId).toBe(configurationId);
    expect(logger.lines.find((line) => line.event === "store.configuration_missing")?.fields).toEqual({
      namespace,
      accessKeyId,
      configurationId,
    });
    expect(logger.text()).not.toContain(tokenSha256);
  });

  it("makes no call while fresh, and picks up a rotated key in the background after the interval", async () => {
    const namespace = uniqueNamespace("sms-refresh");
    const key = await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented, clock } = storeFor(namespace, { refreshIntervalMs: 30_000 });
    const first = await store.snapshot();

    clock.advance(29_999);
    for (let request = 0; request < 50; request++) expect(await store.snapshot()).toBe(first);
    expect(instrumented.calls).toHaveLength(1);

    await rotateProviderKey(key, OPENAI_BACKUP);
    clock.advance(1);
    const duringRefresh = await Promise.all(Array.from({ length: 10 }, () => store.snapshot()));

    expect(duringRefresh.every((snapshot) => snapshot === first)).toBe(true);
    await eventually(async () =>
      expect((await store.snapshot()).providerKeys.get(key.id)?.value).toBe(OPENAI_BACKUP),
    );
    expect(first.providerKeys.get(key.id)?.value).toBe(OPENAI_PRIMARY);
    expect(instrumented.calls).toHaveLength(2);
  });

  it("shares the first load between concurrent callers", async () => {
    const namespace = uniqueNamespace("sms-first");
    await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented } = storeFor(namespace);

    const snapshots = await Promise.all(Array.from({ length: 8 }, () => store.snapshot()));

    expect(new Set(snapshots).size).toBe(1);
    expect(instrumented.calls).toHaveLength(1);
  });

  it("keeps serving the last snapshot when a refresh cannot connect, logs it once, and retries one interval later", async () => {
    const namespace = uniqueNamespace("sms-outage");
    const key = await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented, logger, clock } = storeFor(namespace);
    const first = await store.snapshot();

    instrumented.unreachable = true;
    clock.advance(30_000);
    expect(await store.snapshot()).toBe(first);
    await eventually(() => expect(logger.lines.at(-1)?.event).toBe("store.refresh_failed"));
    clock.advance(10_000);
    expect(await store.snapshot()).toBe(first);

    expect(instrumented.calls).toHaveLength(2);
    expect(logger.lines.filter((line) => line.event === "store.refresh_failed")).toEqual([
      {
        level: "error",
        event: "store.refresh_failed",
        fields: {
          namespace,
          error: expect.stringContaining("ECONNREFUSED"),
          serving: "the last loaded snapshot",
        },
      },
    ]);

    instrumented.unreachable = false;
    await rotateProviderKey(key, OPENAI_BACKUP);
    clock.advance(20_000);
    await eventually(async () =>
      expect((await store.snapshot()).providerKeys.get(key.id)?.value).toBe(OPENAI_BACKUP),
    );
    expect(logger.text()).not.toContain(OPENAI_PRIMARY);
    expect(logger.text()).not.toContain(OPENAI_BACKUP);
  });

  it("rejects when the first load fails, and the next call tries again", async () => {
    const namespace = uniqueNamespace("sms-cold");
    await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented, logger } = storeFor(namespace);
    instrumented.failWith = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

    await expect(store.snapshot()).rejects.toThrow("Rate exceeded");
    expect(logger.lines.at(-1)).toMatchObject({
      level: "error",
      event: "store.load_failed",
      fields: { error: "ThrottlingException: Rate exceeded" },
    });

    instrumented.failWith = undefined;
    expect((await store.snapshot()).providerKeys.size).toBe(1);
    expect(instrumented.calls).toHaveLength(2);
  });

  it("waits for the refresh when the snapshot is older than maxStaleMs (an idle instance)", async () => {
    const namespace = uniqueNamespace("sms-idle");
    const key = await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, clock } = storeFor(namespace, { refreshIntervalMs: 30_000, maxStaleMs: 120_000 });
    await store.snapshot();

    await rotateProviderKey(key, OPENAI_BACKUP);
    clock.advance(120_000);

    expect((await store.snapshot()).providerKeys.get(key.id)?.value).toBe(OPENAI_BACKUP);
  });

  it("still loads the namespace when one of its secrets is scheduled for deletion", async () => {
    // moto fails the filtered batch as a whole here (AWS leaves the secret out): the store lists and
    // reads by id instead.
    const namespace = uniqueNamespace("sms-deleted");
    const kept = await createProviderKey(namespace, "openai", "kept", OPENAI_PRIMARY);
    const deleted = await createProviderKey(namespace, "openai", "deleted", OPENAI_BACKUP);
    await motoClient().send(
      new DeleteSecretCommand({ SecretId: deleted.outs.secretArn, RecoveryWindowInDays: 7 }),
    );
    const { store, instrumented } = storeFor(namespace);

    const snapshot = await store.snapshot();

    expect([...snapshot.providerKeys.keys()]).toEqual([kept.id]);
    expect(instrumented.calls).toEqual([
      "BatchGetSecretValueCommand",
      "ListSecretsCommand",
      "BatchGetSecretValueCommand",
    ]);
  });

  it("logs and skips a secret Secrets Manager reports in Errors", async () => {
    const namespace = uniqueNamespace("sms-errors");
    await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented, logger } = storeFor(namespace);
    // moto never reports per-secret errors for a filtered batch; add one to its real response.
    instrumented.client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        Object.assign(result.output as object, {
          Errors: [
            {
              SecretId: `keyway/${namespace}/provider-keys/kwpk_deniedaaaaaaaaaaaaaaaaaaaa`,
              ErrorCode: "AccessDeniedException",
              Message: "not authorized to perform secretsmanager:GetSecretValue",
            },
          ],
        });
        return result;
      },
      { step: "initialize", name: "keywayTestInjectErrors" },
    );

    const snapshot = await store.snapshot();

    expect(snapshot.providerKeys.size).toBe(1);
    expect(logger.lines.find((line) => line.event === "store.secret_unreadable")?.fields).toEqual({
      namespace,
      secretId: `keyway/${namespace}/provider-keys/kwpk_deniedaaaaaaaaaaaaaaaaaaaa`,
      errorCode: "AccessDeniedException",
      message: "not authorized to perform secretsmanager:GetSecretValue",
    });
  });

  it("starts no refresh after close() and keeps answering from the last snapshot", async () => {
    const namespace = uniqueNamespace("sms-close");
    await createProviderKey(namespace, "openai", "OpenAI", OPENAI_PRIMARY);
    const { store, instrumented, clock } = storeFor(namespace);
    const first = await store.snapshot();

    await store.close();
    clock.advance(600_000);

    expect(await store.snapshot()).toBe(first);
    expect(instrumented.calls).toHaveLength(1);
  });

  it("refuses a namespace that could share a prefix with another", () => {
    expect(() => createSecretsManagerStore({ namespace: "team/a" })).toThrow(
      'keyway: invalid namespace "team/a": use 1 to 64 letters, digits and _+=.@-',
    );
  });
});
