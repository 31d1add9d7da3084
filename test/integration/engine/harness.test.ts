import { randomUUID } from "node:crypto";
import * as path from "node:path";
import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import keywayManifest from "../../../package.json";
import {
  CheckFailedError,
  type DynamicProviderPlugin,
  engineDestroy,
  enginePreview,
  engineRefresh,
  engineUp,
  type ProgramRun,
  ProgramRunError,
  runProgramUnderMocks,
  SECRET_SIG,
  SECRET_SIG_KEY,
  StepFailedError,
  startDynamicProviderPlugin,
  toState,
  UNKNOWN,
} from "../../support/engine";
import { installPackedKeyway } from "../../support/packed-keyway";

const FIXTURES = path.resolve(__dirname, "../../fixtures/engine");
const SECRET_PROGRAM = path.join(FIXTURES, "secret-program.js");
const SECRET_TYPE = "pulumi-nodejs:dynamic/fixture:Secret";

// Secrets Manager in moto; the vitest globalSetup put AWS_ENDPOINT_URL and credentials in process.env.
const secretsManager = new SecretsManagerClient({});

/** Runs the fixture program for one secret; each test uses its own secret name. */
function runSecretProgram(
  secretName: string,
  secretValue: string,
  extra: { trap?: string; preview?: boolean } = {},
) {
  return runProgramUnderMocks(SECRET_PROGRAM, {
    preview: extra.preview,
    config: { secretName, ...(extra.trap ? { trap: extra.trap } : {}) },
    secretConfig: { secretValue },
  });
}

function resourceNamed(run: ProgramRun, name: string) {
  const resource = run.resources.find((candidate) => candidate.name === name);
  if (!resource) throw new Error(`program registered no resource ${name}`);
  return resource;
}

async function secretString(name: string): Promise<string | undefined> {
  return (await secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
}

async function secretExists(name: string): Promise<boolean> {
  try {
    await secretsManager.send(new DescribeSecretCommand({ SecretId: name }));
    return true;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return false;
    throw error;
  }
}

describe("runProgramUnderMocks", () => {
  it("captures type, URN, raw inputs with __provider and secrets, options and stack outputs", async () => {
    const run = await runSecretProgram("harness/capture", "capture-value");

    const secret = resourceNamed(run, "apiKey");
    expect(secret.type).toBe(SECRET_TYPE);
    expect(secret.urn).toBe(`urn:pulumi:stack::project::${SECRET_TYPE}::apiKey`);
    expect(secret.inputs.value).toEqual({ [SECRET_SIG_KEY]: SECRET_SIG, value: "capture-value" });
    expect(secret.inputs.__provider).toEqual(
      expect.stringContaining('require("@aws-sdk/client-secrets-manager")'),
    );
    expect(secret.wireInputs).toEqual(secret.inputs);
    expect(secret.additionalSecretOutputs).toEqual(["valueCopy"]);
    expect(run.outputs.secretValue).toBe("capture-value");
    expect(run.secretOutputNames).toEqual(["secretValue"]);
  });

  it("answers registrations with the ids and outputs the test supplies", async () => {
    const run = await runProgramUnderMocks(SECRET_PROGRAM, {
      config: { secretName: "harness/mock-results" },
      secretConfig: { secretValue: "mock-value" },
      resourceResults: { apiKey: { id: "arn:mock", state: { arn: "arn:mock" } } },
    });

    expect(resourceNamed(run, "apiKey").id).toBe("arn:mock");
    expect(resourceNamed(run, "consumer").wireInputs.description).toBe("arn:mock");
    expect(run.outputs.secretArn).toBe("arn:mock");
  });

  it("fails fast with the serialization error when a provider captures an SDK client", async () => {
    const started = Date.now();
    const failure = runProgramUnderMocks(path.join(FIXTURES, "unserializable-program.js"));

    await expect(failure).rejects.toThrow(ProgramRunError);
    await expect(failure).rejects.toThrow(/error serializing property "?__provider/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("fails with a clear error when the program never finishes", async () => {
    const failure = runProgramUnderMocks(path.join(FIXTURES, "hanging-program.js"), { timeoutMs: 1_500 });

    await expect(failure).rejects.toThrow(/did not finish within 1500 ms/);
  });

  it("leaves outputs unknown during preview, so dependent inputs carry the sentinel", async () => {
    const run = await runSecretProgram("harness/preview", "preview-value", { preview: true });

    expect(resourceNamed(run, "consumer").wireInputs.description).toBe(UNKNOWN);
    expect(run.wireOutputs.secretArn).toBe(UNKNOWN);
  });
});

describe("the real dynamic-provider plugin driven like the engine", () => {
  let plugin: DynamicProviderPlugin;
  const names: string[] = [];
  /** A secret name no other test (or earlier run against the same moto) uses. */
  const uniqueName = (label: string) => {
    const name = `harness/${label}/${randomUUID()}`;
    names.push(name, `${name}-consumer`);
    return name;
  };

  beforeAll(async () => {
    plugin = await startDynamicProviderPlugin();
  });

  afterAll(async () => {
    await plugin?.stop();
    for (const name of names) {
      await secretsManager.send(
        new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }),
      );
    }
  });

  it("creates, updates, refreshes and deletes a secret in moto, keeping the value out of plaintext state", async () => {
    const name = uniqueName("lifecycle");
    const firstRun = await runSecretProgram(name, "first-value");
    const firstCalls = plugin.calls.length;

    const created = await engineUp(plugin, resourceNamed(firstRun, "apiKey"));

    expect(created.operation).toBe("create");
    expect(plugin.calls.slice(firstCalls).map((call) => call.method)).toEqual(["check", "create"]);
    expect(await secretString(name)).toBe("first-value");
    expect(created.state.outputs.value).toBe("first-value");
    expect(created.state.secretInputNames).toEqual(["value"]);
    expect(JSON.stringify(created.state.stored)).not.toContain("first-value");
    // valueCopy is hidden only because the program listed it in additionalSecretOutputs.
    expect(JSON.stringify(toState(created.state.outputs, { secretInputNames: ["value"] }))).toContain(
      "first-value",
    );

    const secondRun = await runSecretProgram(name, "second-value");
    const updateCalls = plugin.calls.length;
    const updated = await engineUp(plugin, resourceNamed(secondRun, "apiKey"), created.state);

    expect(updated.operation).toBe("update");
    expect(plugin.calls.slice(updateCalls).map((call) => call.method)).toEqual(["check", "diff", "update"]);
    expect(await secretString(name)).toBe("second-value");
    expect(JSON.stringify(updated.state.stored)).not.toContain("second-value");

    const refreshed = await engineRefresh(plugin, updated.state);
    expect(refreshed?.outputs.description).toBe("fixture secret");

    await engineDestroy(plugin, updated.state);
    expect(await secretExists(name)).toBe(false);
    expect(await engineRefresh(plugin, updated.state)).toBeUndefined();

    const { stdout, stderr } = plugin.output();
    expect(`${stdout}${stderr}`).not.toMatch(/first-value|second-value/);
  });

  it("replaces create-before-delete: the new secret is created before the old one is deleted", async () => {
    const oldName = uniqueName("replace-old");
    const newName = uniqueName("replace-new");
    const created = await engineUp(
      plugin,
      resourceNamed(await runSecretProgram(oldName, "replace-value"), "apiKey"),
    );
    const renamed = resourceNamed(await runSecretProgram(newName, "replace-value"), "apiKey");
    const before = plugin.calls.length;

    const replaced = await engineUp(plugin, renamed, created.state);

    expect(replaced.operation).toBe("replace");
    expect(replaced.diff?.replaces).toEqual(["name"]);
    expect(plugin.calls.slice(before).map((call) => call.method)).toEqual([
      "check",
      "diff",
      "check",
      "create",
      "delete",
    ]);
    expect(await secretExists(oldName)).toBe(false);
    expect(await secretString(newName)).toBe("replace-value");
    await engineDestroy(plugin, replaced.state);
  });

  it("previews with the unknown sentinel in check and never calls create", async () => {
    const run = await runSecretProgram(uniqueName("preview"), "preview-value", { preview: true });
    const before = plugin.calls.length;

    const preview = await enginePreview(plugin, resourceNamed(run, "consumer"));

    expect(preview.operation).toBe("create");
    expect(preview.checkedInputs.description).toBe(UNKNOWN);
    expect(plugin.calls.slice(before).map((call) => call.method)).toEqual(["check"]);
  });

  it("reports check failures with their property and reason, stopping before create", async () => {
    const run = await runSecretProgram(uniqueName("check-failure"), "");

    const failure = engineUp(plugin, resourceNamed(run, "apiKey"));

    await expect(failure).rejects.toThrow(CheckFailedError);
    await expect(failure).rejects.toMatchObject({
      failures: [{ property: "", reason: "the secret value must be a non-empty string" }],
    });
  });

  it("shows the trap: an undefined output fails after create and orphans the secret", async () => {
    const name = uniqueName("undefined-output");
    const run = await runSecretProgram(name, "orphan-value", { trap: "undefined-output" });

    const failure = engineUp(plugin, resourceNamed(run, "apiKey"));

    await expect(failure).rejects.toThrow(StepFailedError);
    await expect(failure).rejects.toMatchObject({
      partialState: undefined,
      message: expect.stringContaining("Unexpected struct type"),
    });
    expect(await secretString(name)).toBe("orphan-value");
  });

  it("shows the trap: an update that returns partial outputs drops the rest from state", async () => {
    const name = uniqueName("partial-update");
    const created = await engineUp(
      plugin,
      resourceNamed(await runSecretProgram(name, "partial-1"), "apiKey"),
    );
    const run = await runSecretProgram(name, "partial-2", { trap: "partial-update" });

    const updated = await engineUp(plugin, resourceNamed(run, "apiKey"), created.state);

    expect(Object.keys(updated.state.outputs).sort()).toEqual(["__provider", "versionId"]);
    await engineDestroy(plugin, created.state);
  });

  it("sends stack config to the provider's configure, secrets unwrapped, and hears acceptSecrets=false", async () => {
    const tagged = await startDynamicProviderPlugin();
    try {
      const configured = await tagged.configure({
        variables: { "project:fixtureTag": "tag-value" },
        secretKeys: ["project:fixtureTag"],
      });
      expect(configured).toEqual({ acceptSecrets: false, supportsPreview: false, acceptResources: false });

      const name = uniqueName("configure");
      const created = await engineUp(
        tagged,
        resourceNamed(await runSecretProgram(name, "tagged-value"), "apiKey"),
      );

      expect(created.state.outputs.tag).toBe("tag-value");
      await engineDestroy(tagged, created.state);
    } finally {
      await tagged.stop();
    }
  });

  it("passes an error that carries an id through as a partially initialised resource", async () => {
    const name = uniqueName("init-failed");
    const run = await runSecretProgram(name, "init-value", { trap: "init-failed" });

    const failure = engineUp(plugin, resourceNamed(run, "apiKey"));

    await expect(failure).rejects.toMatchObject({
      providerError: {
        details: "created but not initialised",
        initFailure: {
          properties: { arn: expect.stringContaining(name) },
          reasons: ["the fixture was asked to fail"],
        },
      },
      partialState: { id: expect.stringContaining(name), outputs: { arn: expect.stringContaining(name) } },
    });
  });
});

describe("a separate project with keyway installed from its packed tarball", () => {
  // The first run builds, packs and runs `npm install`; later runs reuse the installed project.
  it("runs a program there and the plugin resolves keyway from that project's node_modules", {
    timeout: 240_000,
  }, async () => {
    const project = await installPackedKeyway();
    const program = await project.addProgram(path.join(FIXTURES, "require-keyway-program.js"), "index.js");

    const run = await runProgramUnderMocks(program, { cwd: project.dir });

    expect(run.outputs.keywayPath).toEqual(
      expect.stringContaining(path.join(project.dir, "node_modules", "keyway")),
    );
    expect(run.outputs.pulumiPath).toEqual(
      expect.stringContaining(path.join(project.dir, "node_modules", "@pulumi")),
    );
    const plugin = await startDynamicProviderPlugin({ cwd: project.dir });
    try {
      expect(plugin.script.startsWith(project.dir)).toBe(true);
      const created = await engineUp(plugin, resourceNamed(run, "probe"));
      expect(created.state.outputs.keywayVersion).toBe(keywayManifest.version);
    } finally {
      await plugin.stop();
    }
  });
});
