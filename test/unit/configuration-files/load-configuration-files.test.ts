import { describe, expect, it } from "vitest";
import { ProgramRunError, runProgramUnderMocks } from "../../support/engine";

const PROGRAM = "test/fixtures/programs/configuration-files-program.js";
const SECRETS = {
  "openai-primary": "sk-proj-PRIMARYprimaryPRIMARY0123456789",
  "openai-backup": "sk-proj-BACKUPbackupBACKUP0123456789",
  "anthropic-main": "sk-ant-api03-MAINmainMAINmain0123456789",
  "anthropic-backup": "sk-ant-api03-BACKUPbackup0123456789",
};

function run(routingDirectory: string, config: Record<string, unknown> = {}, preview = false) {
  return runProgramUnderMocks(PROGRAM, {
    config: { routingDirectory, ...config },
    secretConfig: SECRETS,
    preview,
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProgramRunError);
  return (error as ProgramRunError).message;
}

describe("keyway.loadConfigurationFiles in a Pulumi program (under setMocks)", () => {
  it("declares one AccessKeyConfiguration per file, named after it, with key names resolved to the keys' ids", async () => {
    const result = await run("../gitops/valid/routing");

    const configurations = result.resources.filter((resource) =>
      resource.type.endsWith("AccessKeyConfiguration"),
    );
    expect(configurations.map((resource) => resource.name).sort()).toEqual(["batch", "prod", "staging"]);
    const prod = configurations.find((resource) => resource.name === "prod");
    expect(prod?.inputs).toMatchObject({
      name: "prod",
      description: "production apps",
      access: { providers: { allow: ["openai", "anthropic"] } },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              {
                type: "user",
                keySelectionStrategy: "ordered",
                keys: [{ id: "openai-primary-id" }, { id: "openai-backup-id" }],
              },
            ],
          },
          {
            provider: "anthropic",
            steps: [{ type: "user", keys: [{ id: "anthropic-main-id" }, { id: "anthropic-backup-id" }] }],
          },
        ],
      },
      timeouts: { perAttempt: "30s", total: "90s" },
      forceDeleteWithoutRecovery: true,
    });
    expect(result.outputs.configurationIds).toEqual({
      batch: "batch-id",
      prod: "prod-id",
      staging: "staging-id",
    });
  });

  it("keeps { id: kwpk_... } references as they are", async () => {
    const result = await run("../gitops/valid/routing");

    const staging = result.resources.find((resource) => resource.name === "staging");
    expect(staging?.inputs.router).toEqual({
      rules: [
        {
          provider: "openai",
          steps: [
            { type: "user", keys: [{ id: "openai-backup-id" }] },
            { type: "user", keys: [{ id: "openai-primary-id" }] },
            { type: "user", keys: [{ id: "kwpk_abcdefghijklmnopqrstuvwxyz" }] },
          ],
        },
      ],
    });
  });

  it("makes each configuration depend on the provider keys it names", async () => {
    const result = await run("../gitops/valid/routing");

    const urnOf = (name: string) => result.resources.find((resource) => resource.name === name)?.urn;
    const batch = result.resources.find((resource) => resource.name === "batch");
    expect(batch?.dependencies.sort()).toEqual([urnOf("openai-backup"), urnOf("openai-primary")].sort());
  });

  it("puts namePrefix before each resource name and keeps the file name as the key", async () => {
    const result = await run("../gitops/valid/routing", { namePrefix: "routing-" });

    expect(result.resources.map((resource) => resource.name)).toContain("routing-prod");
    expect(result.outputs.configurationIds).toEqual({
      batch: "routing-batch-id",
      prod: "routing-prod-id",
      staging: "routing-staging-id",
    });
  });

  it("fails the program before declaring any configuration, listing every problem with its file, line and column", async () => {
    const message = await failure(run("../gitops/broken/routing"));

    const R = "../gitops/broken/routing";
    expect(message).toContain(`keyway: 20 configuration files in ${R} are not valid (21 errors):\n`);
    expect(message).toContain(
      `${R}/unknown-key.yaml:9:25: error: router.rules[0].steps[0].keys[0].key: unknown provider key "openai-primar"; did you mean "openai-primary"? Known keys (from providerKeys): openai-primary, openai-backup, anthropic-main, anthropic-backup\n`,
    );
    expect(message).toContain(
      `${R}/unknown-key-no-suggestion.yaml:10:20: error: router.rules[0].steps[0].keys[1].key: unknown provider key "azure-east"; known keys (from providerKeys): openai-primary, openai-backup, anthropic-main, anthropic-backup\n`,
    );
    expect(message).toContain(
      `${R}/bad-timeout.yaml:9:10: error: timeouts.total: "2h" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"\n`,
    );
    expect(message).toContain(
      `${R}/dead-model-rule.yaml:9:7: warning: router.rules[1]: model "openai:gpt-4o" is not in access.models.allow, so this rule never applies\n`,
    );
    expect(message).not.toContain("keyway.keys.yaml:");
    expect(message).not.toContain("NEVERprint");
  });

  it("refuses two files that would be the same resource", async () => {
    const message = await failure(run("../gitops/same-name/routing"));

    expect(message).toContain(
      '../gitops/same-name/routing/prod.yaml:1:1: error: ../gitops/same-name/routing/prod.json also defines configuration "prod" (a configuration is named after its file); keep one of them',
    );
  });

  it.each([
    ["up", false],
    ["preview", true],
  ])(
    "fails a configuration that names a key of another provider than its rule's, with the file's line (%s)",
    async (_, preview) => {
      const message = await failure(
        run("../gitops/program-wrong-provider/routing", { backupProvider: "anthropic" }, preview),
      );

      expect(message).toContain(
        'keyway: ../gitops/program-wrong-provider/routing/prod.yaml:9:50: error: router.rules[0].steps[0].keys[1].key: provider key "openai-backup" is a "anthropic" key, but this rule routes "openai"; use a key of that provider',
      );
    },
  );
});
