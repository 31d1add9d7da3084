import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployProgram } from "../../support/deploy-program";
import { type DynamicProviderPlugin, engineDestroy, startDynamicProviderPlugin } from "../../support/engine";
import { listNamespaceSecrets, motoClient, secretString, uniqueNamespace } from "../../support/moto";
import { installPackedKeyway, type PackedKeywayProject } from "../../support/packed-keyway";

// keyway installed from its npm tarball in a separate project, as in a user's infrastructure repo:
// the serialized providers must resolve keyway/provider-runtime from that project's node_modules.
let project: PackedKeywayProject;
let plugin: DynamicProviderPlugin;

beforeAll(async () => {
  project = await installPackedKeyway();
  plugin = await startDynamicProviderPlugin({ cwd: project.dir });
}, 180_000);
afterAll(async () => {
  await plugin?.stop();
});

describe("keyway installed as a package in someone else's project", () => {
  it("creates, updates and destroys every resource through the plugin running in that project", async () => {
    const program = await project.addProgram("test/fixtures/programs/keyway-stack.js", "index.js");
    const namespace = uniqueNamespace("packed");
    const options = (primary: string) => ({
      cwd: project.dir,
      config: { "keyway:namespace": namespace },
      secretConfig: { openaiPrimary: primary, openaiBackup: "sk-proj-packedBACKUP-000000000002" },
    });

    const created = await deployProgram(plugin, program, options("sk-proj-packedPRIMARY-00000000001"));
    const rotated = await deployProgram(
      plugin,
      program,
      options("sk-proj-packedROTATED-0000000003"),
      created.states,
    );

    expect(created.run.resources[0]?.inputs.__provider).toContain('require("keyway/provider-runtime")');
    expect(rotated.steps["openai-primary"]?.operation).toBe("update");
    const primaryArn = rotated.steps["openai-primary"]?.state.outputs.secretArn as string;
    expect(JSON.parse(await secretString(motoClient(), primaryArn)).value).toBe(
      "sk-proj-packedROTATED-0000000003",
    );

    await engineDestroy(plugin, rotated.states);
    const secrets = await listNamespaceSecrets(motoClient(), namespace);
    expect(secrets.every((secret) => secret.DeletedDate)).toBe(true);
  });
});
