import {
  DeleteSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Deployment, deployProgram } from "../../support/deploy-program";
import {
  type DynamicProviderPlugin,
  engineDestroy,
  enginePreview,
  engineRefresh,
  runProgramUnderMocks,
  StepFailedError,
  startDynamicProviderPlugin,
  UNKNOWN,
} from "../../support/engine";
import {
  describeSecret,
  listNamespaceSecrets,
  motoClient,
  secretString,
  uniqueNamespace,
} from "../../support/moto";

const PROGRAM = "test/fixtures/programs/keyway-stack.js";
const PRIMARY = "sk-proj-PRIMARYprimaryPRIMARY0001";
const BACKUP = "sk-proj-BACKUPbackupBACKUPbackup0002";
const client = motoClient();
let plugin: DynamicProviderPlugin;

beforeAll(async () => {
  // cwd: the repo, whose node_modules/keyway links to itself, so the serialized providers'
  // require("keyway/provider-runtime") resolves through the package's exports as in a user's project.
  plugin = await startDynamicProviderPlugin({ cwd: process.cwd() });
});
afterAll(async () => {
  await plugin?.stop();
});

function stack(
  namespace: string,
  config: Record<string, unknown> = {},
  secrets: Record<string, string> = {},
) {
  return {
    cwd: process.cwd(),
    config: { "keyway:namespace": namespace, ...config },
    secretConfig: { openaiPrimary: PRIMARY, openaiBackup: BACKUP, ...secrets },
  };
}

const state = (deployment: Deployment, name: string) => {
  const step = deployment.steps[name];
  if (!step) throw new Error(`no step for ${name}`);
  return step.state;
};

async function versionCount(secretId: string): Promise<number> {
  const listed = await client.send(
    new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true }),
  );
  return listed.Versions?.length ?? 0;
}

describe("keyway resources driven by the real dynamic-provider plugin", () => {
  it("create: keys, configuration and access key land in Secrets Manager, wired by their real ids", async () => {
    const namespace = uniqueNamespace("life");
    const deployment = await deployProgram(plugin, PROGRAM, stack(namespace));

    expect(Object.values(deployment.steps).map((step) => step.operation)).toEqual([
      "create",
      "create",
      "create",
      "create",
    ]);
    const primary = state(deployment, "openai-primary");
    const backup = state(deployment, "openai-backup");
    const prod = state(deployment, "prod");
    expect(primary.type).toBe("pulumi-nodejs:dynamic/keyway:ProviderKey");
    expect(prod.type).toBe("pulumi-nodejs:dynamic/keyway:AccessKeyConfiguration");
    expect(
      JSON.parse(await secretString(client, prod.outputs.secretArn as string)).configuration.router,
    ).toEqual({
      rules: [
        {
          provider: "openai",
          steps: [
            { type: "user", keySelectionStrategy: "ordered", keys: [{ id: primary.id }, { id: backup.id }] },
          ],
        },
      ],
    });
    expect(await listNamespaceSecrets(client, namespace)).toHaveLength(4);
    expect(deployment.run.outputs.webToken).toMatch(/^kw-/);
    // The engine stores the token encrypted: it is in additionalSecretOutputs.
    expect(state(deployment, "web").stored.outputs.token).toMatchObject({ ciphertext: "[ciphertext]" });
    expect(state(deployment, "web").additionalSecretOutputs).toEqual(["token"]);
    expect(deployment.run.outputs.primaryRedacted).toBe("sk-proj-PR***0001");
  });

  it("preview with values not known yet passes Check and writes nothing", async () => {
    const namespace = uniqueNamespace("life");
    // An empty id during preview is how the engine says "not created yet": ids stay unknown.
    const notCreated = { id: "" };
    const run = await runProgramUnderMocks(PROGRAM, {
      ...stack(namespace),
      preview: true,
      resourceResults: { "openai-primary": notCreated, "openai-backup": notCreated, prod: notCreated },
    });

    const previews = [];
    for (const resource of run.resources) previews.push(await enginePreview(plugin, resource));

    const prod = previews[2];
    expect(JSON.stringify(prod?.checkedInputs.router)).toContain(UNKNOWN);
    expect(previews.map((preview) => preview.operation)).toEqual(["create", "create", "create", "create"]);
    expect(await listNamespaceSecrets(client, namespace)).toEqual([]);
  });

  it("a second up with the same program changes nothing and writes nothing", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));
    const arns = first.states.map((resource) => resource.outputs.secretArn as string);
    const versionsBefore = await Promise.all(arns.map(versionCount));

    const second = await deployProgram(plugin, PROGRAM, stack(namespace), first.states);

    expect(Object.values(second.steps).map((step) => step.operation)).toEqual([
      "same",
      "same",
      "same",
      "same",
    ]);
    expect(await Promise.all(arns.map(versionCount))).toEqual(versionsBefore);
    expect(second.run.outputs.webToken).toBe(first.run.outputs.webToken);
  });

  it("rotating a key's value keeps its id; AWSPREVIOUS holds the old value; the configuration is untouched", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));
    const rotated = "sk-proj-ROTATEDrotatedROTATED0009";

    const second = await deployProgram(
      plugin,
      PROGRAM,
      stack(namespace, {}, { openaiPrimary: rotated }),
      first.states,
    );

    const primary = state(second, "openai-primary");
    expect(second.steps["openai-primary"]?.operation).toBe("update");
    expect(second.steps.prod?.operation).toBe("same");
    expect(primary.id).toBe(state(first, "openai-primary").id);
    expect(JSON.parse(await secretString(client, primary.outputs.secretArn as string)).value).toBe(rotated);
    expect(
      JSON.parse(await secretString(client, primary.outputs.secretArn as string, "AWSPREVIOUS")).value,
    ).toBe(PRIMARY);
    expect(second.run.outputs.primaryRedacted).toBe("sk-proj-RO***0009");
  });

  it("renaming a key updates it in place; the secret's description follows", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));

    const second = await deployProgram(
      plugin,
      PROGRAM,
      stack(namespace, { primaryName: "OpenAI main" }),
      first.states,
    );

    const primary = state(second, "openai-primary");
    expect(second.steps["openai-primary"]?.operation).toBe("update");
    expect(primary.id).toBe(state(first, "openai-primary").id);
    expect((await describeSecret(client, primary.outputs.secretArn as string)).Description).toBe(
      'keyway provider key "OpenAI main" for openai',
    );
  });

  it("changing a key's providerId replaces it: a new id and secret, the old one scheduled for deletion", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace, { ruleKeys: "backup" }));

    const second = await deployProgram(
      plugin,
      PROGRAM,
      stack(namespace, { ruleKeys: "backup", primaryProvider: "anthropic" }),
      first.states,
    );

    const before = state(first, "openai-primary");
    const after = state(second, "openai-primary");
    expect(second.steps["openai-primary"]?.operation).toBe("replace");
    expect(second.steps["openai-primary"]?.diff?.replaces).toEqual(["providerId"]);
    expect(after.id).not.toBe(before.id);
    expect((await describeSecret(client, before.outputs.secretArn as string)).DeletedDate).toBeInstanceOf(
      Date,
    );
    expect(JSON.parse(await secretString(client, after.outputs.secretArn as string)).providerId).toBe(
      "anthropic",
    );
  });

  it("a configuration that would route openai through an anthropic key fails its update, naming the field", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));

    const attempt = deployProgram(
      plugin,
      PROGRAM,
      stack(namespace, { primaryProvider: "anthropic" }),
      first.states,
    );

    await expect(attempt).rejects.toBeInstanceOf(StepFailedError);
    await expect(attempt).rejects.toThrow(
      /router\.rules\[0\]\.steps\[0\]\.keys\[0\]\.id: provider key kwpk_[a-z2-7]{26} is a "anthropic" key, but this rule routes "openai"; use a key of that provider/,
    );
  });

  it("destroy then up under the same Pulumi names makes new secrets without colliding with the deleted ones", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));
    await engineDestroy(plugin, first.states);

    const second = await deployProgram(plugin, PROGRAM, stack(namespace));

    expect(Object.values(second.steps).map((step) => step.operation)).toEqual([
      "create",
      "create",
      "create",
      "create",
    ]);
    expect(state(second, "openai-primary").id).not.toBe(state(first, "openai-primary").id);
    const secrets = await listNamespaceSecrets(client, namespace);
    // The force-deleted backup key is gone; the other three old secrets wait out their recovery window.
    expect(secrets.filter((secret) => secret.DeletedDate)).toHaveLength(3);
    expect(secrets.filter((secret) => !secret.DeletedDate)).toHaveLength(4);
  });

  it("refresh reports a value changed outside Pulumi, and the next up restores the declared one", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));
    const primary = state(first, "openai-primary");
    const arn = primary.outputs.secretArn as string;
    const stored = JSON.parse(await secretString(client, arn));
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        SecretString: JSON.stringify({ ...stored, value: "sk-by-hand-0000000000000000" }),
      }),
    );

    const refreshed = await engineRefresh(plugin, primary);
    expect(refreshed?.outputs.value).toBe("sk-by-hand-0000000000000000");
    const states = first.states.map((resource) =>
      resource.urn === primary.urn && refreshed ? refreshed : resource,
    );
    const second = await deployProgram(plugin, PROGRAM, stack(namespace), states);

    expect(second.steps["openai-primary"]?.operation).toBe("update");
    expect(JSON.parse(await secretString(client, arn)).value).toBe(PRIMARY);
  });

  it("refresh reports a secret deleted outside Pulumi as gone, and the next up re-creates it", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));
    const web = state(first, "web");
    await client.send(
      new DeleteSecretCommand({ SecretId: web.outputs.secretArn as string, RecoveryWindowInDays: 7 }),
    );

    expect(await engineRefresh(plugin, web)).toBeUndefined();
    const second = await deployProgram(
      plugin,
      PROGRAM,
      stack(namespace),
      first.states.filter((resource) => resource.urn !== web.urn),
    );

    expect(second.steps.web?.operation).toBe("create");
    expect(state(second, "web").id).not.toBe(web.id);
    expect(second.run.outputs.webToken).not.toBe(first.run.outputs.webToken);
  });

  it("disabling an access key updates it in place and keeps its token", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));

    const second = await deployProgram(
      plugin,
      PROGRAM,
      stack(namespace, { webDisabled: true }),
      first.states,
    );

    const web = state(second, "web");
    expect(second.steps.web?.operation).toBe("update");
    expect(second.run.outputs.webToken).toBe(first.run.outputs.webToken);
    expect(JSON.parse(await secretString(client, web.outputs.secretArn as string)).disabled).toBe(true);
  });

  it("deleting every resource removes them from the namespace", async () => {
    const namespace = uniqueNamespace("life");
    const first = await deployProgram(plugin, PROGRAM, stack(namespace));

    await engineDestroy(plugin, first.states);

    const secrets = await listNamespaceSecrets(client, namespace);
    expect(secrets.every((secret) => secret.DeletedDate)).toBe(true);
    expect(secrets).toHaveLength(3);
  });
});
