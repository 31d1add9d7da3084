import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployProgram } from "../../support/deploy-program";
import {
  type DynamicProviderPlugin,
  type EngineResourceState,
  engineDestroy,
  engineRefresh,
  runProgramUnderMocks,
  startDynamicProviderPlugin,
  stripSecrets,
} from "../../support/engine";
import { uniqueNamespace } from "../../support/moto";

// Recognizable values: if any of them (or its SHA-256) shows up where it must not, this test names it.
const PRIMARY = "sk-LEAKCANARY-primary-1111111111111111";
const BACKUP = "sk-LEAKCANARY-backup-2222222222222222";
const ROTATED = "sk-LEAKCANARY-rotated-3333333333333333";
const PROGRAM = "test/fixtures/programs/keyway-stack.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let plugin: DynamicProviderPlugin;
beforeAll(async () => {
  plugin = await startDynamicProviderPlugin({ cwd: process.cwd() });
});
afterAll(async () => {
  await plugin?.stop();
});

describe("secrets never leak", () => {
  it("keeps key values, tokens and their hashes out of state, __provider, plugin output, program output and errors", async () => {
    const namespace = uniqueNamespace("leak");
    const options = (primary: string) => ({
      cwd: process.cwd(),
      config: { "keyway:namespace": namespace },
      secretConfig: { openaiPrimary: primary, openaiBackup: BACKUP },
    });
    const places: Record<string, string> = {};
    const errors: string[] = [];
    const record = (label: string, states: EngineResourceState[]) => {
      places[`${label}: stored state`] = JSON.stringify(states.map((state) => state.stored));
    };

    // create, no-op, rotate, refresh
    const created = await deployProgram(plugin, PROGRAM, options(PRIMARY));
    record("create", created.states);
    const token = created.run.outputs.webToken as string;
    const rotated = await deployProgram(plugin, PROGRAM, options(ROTATED), created.states);
    record("rotate", rotated.states);
    const refreshed = await Promise.all(rotated.states.map((state) => engineRefresh(plugin, state)));
    record(
      "refresh",
      refreshed.filter((state): state is EngineResourceState => state !== undefined),
    );
    places["serialized providers"] = created.run.resources
      .map((resource) => resource.inputs.__provider)
      .join("\n");
    places["program output"] =
      created.run.stdout + created.run.stderr + rotated.run.stdout + rotated.run.stderr;

    // failures: a bad value in check, an inline key value in a configuration, a create that AWS refuses
    const key = created.run.resources[0];
    const configuration = created.run.resources[2];
    if (!key || !configuration) throw new Error("program resources missing");
    const badValue = await plugin.check(
      key.urn,
      {},
      { ...stripSecrets(key.inputs).plain, value: `${PRIMARY} x` },
    );
    errors.push(...(badValue.failures ?? []).map((failure) => `${failure.property} ${failure.reason}`));
    const inline = await plugin.check(
      configuration.urn,
      {},
      {
        ...stripSecrets(configuration.inputs).plain,
        router: {
          rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ name: "x", value: PRIMARY }] }] }],
        },
      },
    );
    errors.push(...(inline.failures ?? []).map((failure) => `${failure.property} ${failure.reason}`));
    // An update whose secret vanished: AWS refuses the write that carries the new value.
    const primaryState = rotated.steps["openai-primary"]?.state;
    if (!primaryState) throw new Error("no primary state");
    const missing =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:keyway/none/provider-keys/kwpk_x-AbCdEf";
    await plugin
      .update(
        primaryState.id,
        key.urn,
        { ...primaryState.outputs, secretArn: missing },
        {
          ...primaryState.inputs,
          value: PRIMARY,
        },
      )
      .then(
        () => errors.push("update unexpectedly succeeded"),
        (error: Error) => errors.push(error.message),
      );
    expect(errors.length).toBeGreaterThanOrEqual(3);
    places.errors = errors.join("\n");

    await engineDestroy(plugin, rotated.states);
    places["plugin stdout and stderr"] = plugin.output().stdout + plugin.output().stderr;

    const forbidden = [PRIMARY, BACKUP, ROTATED, token].flatMap((secret) => [secret, sha256(secret)]);
    for (const [place, text] of Object.entries(places)) {
      for (const secret of forbidden) {
        expect(text.includes(secret), `${place} contains a secret (${secret.slice(0, 12)}...)`).toBe(false);
      }
    }
    // The secrets are there, encrypted: what the engine writes for them is ciphertext.
    const stored = (name: string) => rotated.steps[name]?.state.stored;
    expect(stored("openai-primary")?.outputs.value).toMatchObject({ ciphertext: "[ciphertext]" });
    expect(stored("openai-primary")?.inputs.value).toMatchObject({ ciphertext: "[ciphertext]" });
    expect(stored("web")?.outputs.token).toMatchObject({ ciphertext: "[ciphertext]" });
  });

  it("serializes each provider as a small closure that captures no client, configuration or secret", async () => {
    const run = await runProgramUnderMocks(PROGRAM, {
      cwd: process.cwd(),
      config: { "keyway:namespace": "leak-closure" },
      secretConfig: { openaiPrimary: PRIMARY, openaiBackup: BACKUP },
    });

    for (const resource of run.resources) {
      const text = resource.inputs.__provider as string;
      expect(text).toContain('require("keyway/provider-runtime")');
      expect(text).not.toMatch(/SecretsManagerClient|LEAKCANARY|ajv/);
      expect(text.length).toBeLessThan(4000);
    }
  });
});
