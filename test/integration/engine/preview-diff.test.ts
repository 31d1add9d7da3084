import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Deployment, deployProgram } from "../../support/deploy-program";
import {
  type CapturedResource,
  type DynamicProviderPlugin,
  type EngineResourceState,
  enginePreview,
  type PreviewResult,
  type PropertyMap,
  type RunProgramOptions,
  runProgramUnderMocks,
  startDynamicProviderPlugin,
  stripSecrets,
  UNKNOWN,
} from "../../support/engine";
import { uniqueNamespace } from "../../support/moto";

// What `pulumi preview` learns from keyway's Diff for each kind of edit, through the real plugin.
// The plugin forwards only `changes`, `replaces` and `deleteBeforeReplace`, so these three fields are
// the whole contract: `replaces` must name exactly the properties that force a new resource, and
// edits that change nothing for AWS must answer DIFF_NONE.

const PROGRAM = "test/fixtures/programs/keyway-stack.js";
const NAMES = ["openai-primary", "openai-backup", "prod", "web"] as const;
type Name = (typeof NAMES)[number];

let plugin: DynamicProviderPlugin;
let raw: ResourceProviderClient;
let namespace: string;
let deployed: Deployment;

function stack(config: Record<string, unknown> = {}): RunProgramOptions {
  return {
    cwd: process.cwd(),
    config: { "keyway:namespace": namespace, ...config },
    secretConfig: {
      openaiPrimary: "sk-proj-PRIMARYprimaryPRIMARY0001",
      openaiBackup: "sk-proj-BACKUPbackupBACKUPbackup0002",
    },
  };
}

/** The program as `pulumi preview` runs it against the deployed stack: every id already known. */
async function previewRun(config: Record<string, unknown> = {}, unknownIds: Name[] = []) {
  const resourceResults: NonNullable<RunProgramOptions["resourceResults"]> = {};
  for (const state of deployed.states) {
    resourceResults[state.name] = unknownIds.includes(state.name as Name)
      ? { id: "" } // how the engine says "replaced in this update: the id is not known yet"
      : { id: state.id, state: state.outputs };
  }
  return runProgramUnderMocks(PROGRAM, { ...stack(config), preview: true, resourceResults });
}

function resource(resources: readonly CapturedResource[], name: Name): CapturedResource {
  const found = resources.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`the program registered no ${name}`);
  return found;
}

function previous(name: Name): EngineResourceState {
  const found = deployed.states.find((state) => state.name === name);
  if (!found) throw new Error(`nothing deployed for ${name}`);
  return found;
}

async function previewAll(resources: readonly CapturedResource[]): Promise<Record<Name, PreviewResult>> {
  const results = {} as Record<Name, PreviewResult>;
  for (const name of NAMES)
    results[name] = await enginePreview(plugin, resource(resources, name), previous(name));
  return results;
}

/** Operation, and the Diff answer, per resource: what the preview header and `[diff: ...]` summary come from. */
function summary(results: Record<Name, PreviewResult>) {
  return Object.fromEntries(
    NAMES.map((name) => {
      const { operation, diff } = results[name];
      return [name, { operation, changes: diff?.changes, replaces: diff?.replaces }];
    }),
  );
}

const same = { operation: "same", changes: "none", replaces: [] };
const update = { operation: "update", changes: "some", replaces: [] };
const replaceOf = (...properties: string[]) => ({
  operation: "replace",
  changes: "some",
  replaces: properties,
});

/** A resource registration edited the way another program (or SDK version) would send it. */
function edited(base: CapturedResource, edit: (inputs: PropertyMap) => PropertyMap): CapturedResource {
  return { ...base, wireInputs: edit(structuredClone(base.wireInputs)) };
}

/** Calls Diff directly to read the fields the harness does not surface. */
async function rawDiff(name: Name, news: CapturedResource) {
  const old = previous(name);
  const checked = await plugin.check(news.urn, old.inputs, news.wireInputs);
  const request = new providerPb.DiffRequest();
  request.setId(old.id);
  request.setUrn(news.urn);
  request.setOlds(Struct.fromJavaScript(old.outputs as never));
  request.setNews(Struct.fromJavaScript(stripSecrets(checked.inputs).plain as never));
  request.setOldInputs(Struct.fromJavaScript(old.inputs as never));
  return new Promise<providerPb.DiffResponse>((resolve, reject) =>
    raw.diff(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

beforeAll(async () => {
  plugin = await startDynamicProviderPlugin({ cwd: process.cwd() });
  raw = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
  namespace = uniqueNamespace("pdiff");
  deployed = await deployProgram(plugin, PROGRAM, stack());
}, 90_000);

afterAll(async () => {
  raw?.close();
  await plugin?.stop();
});

describe("pulumi preview through the real plugin: which properties change, which replace", () => {
  it("the unchanged program diffs as no change on every resource", async () => {
    const run = await previewRun();

    expect(summary(await previewAll(run.resources))).toEqual({
      "openai-primary": same,
      "openai-backup": same,
      prod: same,
      web: same,
    });
  });

  it("swapping the order of a rule's keys is an in-place change of the configuration only", async () => {
    const run = await previewRun({ ruleKeys: "backup,primary" });

    const results = await previewAll(run.resources);

    expect(summary(results)).toEqual({
      "openai-primary": same,
      "openai-backup": same,
      prod: update,
      web: same,
    });
    const keys = (results.prod.checkedInputs.router as { rules: { steps: { keys: { id: string }[] }[] }[] })
      .rules[0]?.steps[0]?.keys;
    expect(keys?.map((key) => key.id)).toEqual([previous("openai-backup").id, previous("openai-primary").id]);
  });

  it("dropping a key from a rule is an in-place change of the configuration only", async () => {
    const run = await previewRun({ ruleKeys: "primary" });

    expect(summary(await previewAll(run.resources))).toMatchObject({ prod: update, web: same });
  });

  it("a providerId change replaces the key naming providerId alone; the rule waits for its new id", async () => {
    // Preview of a replace: the key's new id is unknown, so the configuration's router carries the
    // unknown marker and changes in place; the access key keeps pointing at the same configuration.
    const run = await previewRun({ primaryProvider: "azure-openai" }, ["openai-primary"]);

    const results = await previewAll(run.resources);

    expect(summary(results)).toEqual({
      "openai-primary": replaceOf("providerId"),
      "openai-backup": same,
      prod: update,
      web: same,
    });
    expect(results["openai-primary"].diff?.deleteBeforeReplace).toBe(false);
    expect(JSON.stringify(results.prod.checkedInputs.router)).toContain(UNKNOWN);
  });

  it("renaming a key updates it in place and leaves the configuration alone", async () => {
    const run = await previewRun({ primaryName: "OpenAI primary (org 2)" });

    expect(summary(await previewAll(run.resources))).toMatchObject({
      "openai-primary": update,
      "openai-backup": same,
      prod: same,
    });
  });

  it("disabling an access key is an in-place change", async () => {
    const run = await previewRun({ webDisabled: true });

    expect(summary(await previewAll(run.resources))).toMatchObject({ prod: same, web: update });
  });

  it("a new namespace replaces every resource, naming namespace alone", async () => {
    const run = await previewRun({ "keyway:namespace": `${namespace}-b` }, [
      "openai-primary",
      "openai-backup",
      "prod",
    ]);

    expect(summary(await previewAll(run.resources))).toEqual({
      "openai-primary": replaceOf("namespace"),
      "openai-backup": replaceOf("namespace"),
      prod: replaceOf("namespace"),
      web: replaceOf("namespace"),
    });
  });

  it("a customer-managed KMS key is an in-place change, never a replace", async () => {
    const run = await previewRun({ "keyway:kmsKeyId": "alias/keyway-prod" });

    expect(summary(await previewAll(run.resources))).toEqual({
      "openai-primary": update,
      "openai-backup": update,
      prod: update,
      web: update,
    });
  });

  it("a configuration whose id is unknown (being replaced) updates the access key in place", async () => {
    const run = await previewRun({}, ["prod"]);

    const results = await previewAll(run.resources);

    expect(summary(results)).toMatchObject({ prod: same, web: update });
    expect(results.web.checkedInputs.configurationId).toBe(UNKNOWN);
  });

  it("an unknown providerId is reported as a possible replace of providerId", async () => {
    const run = await previewRun();
    const primary = edited(resource(run.resources, "openai-primary"), (inputs) => ({
      ...inputs,
      providerId: UNKNOWN,
    }));

    const result = await enginePreview(plugin, primary, previous("openai-primary"));

    expect(result.diff).toEqual({ changes: "some", replaces: ["providerId"], deleteBeforeReplace: false });
  });
});

describe("edits that change nothing in AWS diff as no change", () => {
  it("object keys in another order (a routing rule, its step, the access scope)", async () => {
    const run = await previewRun();
    const prod = edited(resource(run.resources, "prod"), (inputs) => {
      const router = inputs.router as { rules: Record<string, unknown>[] };
      const access = inputs.access as Record<string, unknown>;
      return {
        router: {
          rules: router.rules.map((rule) => ({
            steps: (rule.steps as Record<string, unknown>[]).map((step) =>
              Object.fromEntries(Object.entries(step).reverse()),
            ),
            provider: rule.provider,
          })),
        },
        access: Object.fromEntries(Object.entries(access).reverse()),
        ...Object.fromEntries(Object.entries(inputs).reverse()),
      };
    });
    expect(Object.keys(prod.wireInputs)).not.toEqual(Object.keys(resource(run.resources, "prod").wireInputs));

    const result = await enginePreview(plugin, prod, previous("prod"));

    expect(result).toMatchObject({ operation: "same", diff: { changes: "none", replaces: [] } });
  });

  it("null where the program used to leave a property out", async () => {
    // Nested nulls never get this far: Check rejects them (e.g. "access.models: must be an object").
    const run = await previewRun();
    const prod = edited(resource(run.resources, "prod"), (inputs) => ({
      ...inputs,
      description: null,
      metadata: null,
      timeouts: null,
    }));
    const web = edited(resource(run.resources, "web"), (inputs) => ({
      ...inputs,
      description: null,
      expiresAt: null,
      disabled: null,
      kmsKeyId: null,
      recoveryWindowInDays: null,
    }));

    const results = [
      await enginePreview(plugin, prod, previous("prod")),
      await enginePreview(plugin, web, previous("web")),
    ];

    expect(results.map(({ operation, diff }) => ({ operation, diff }))).toEqual([
      { operation: "same", diff: { changes: "none", replaces: [], deleteBeforeReplace: false } },
      { operation: "same", diff: { changes: "none", replaces: [], deleteBeforeReplace: false } },
    ]);
  });

  it("a default written out: disabled false, forceDeleteWithoutRecovery false", async () => {
    const run = await previewRun({ webDisabled: false });
    const web = edited(resource(run.resources, "web"), (inputs) => ({
      ...inputs,
      forceDeleteWithoutRecovery: false,
    }));
    expect(web.wireInputs).toMatchObject({ disabled: false, forceDeleteWithoutRecovery: false });
    expect(previous("web").outputs).not.toHaveProperty("disabled");

    const result = await enginePreview(plugin, web, previous("web"));

    expect(result).toMatchObject({ operation: "same", diff: { changes: "none", replaces: [] } });
  });

  it("new provider code (__provider text) on every resource type", async () => {
    const run = await previewRun();
    const results = [];
    for (const name of NAMES) {
      const changed = edited(resource(run.resources, name), (inputs) => ({
        ...inputs,
        __provider: `${inputs.__provider as string}\n// keyway upgraded: same behaviour, new text\n`,
      }));
      expect(changed.wireInputs.__provider).not.toBe(previous(name).inputs.__provider);
      results.push((await enginePreview(plugin, changed, previous(name))).diff);
    }

    expect(results).toEqual(NAMES.map(() => ({ changes: "none", replaces: [], deleteBeforeReplace: false })));
  });
});

describe("what the plugin forwards to the engine", () => {
  it("only changes and replaces: no diffs, stables or detailed diff, so the CLI renders old vs new inputs", async () => {
    const run = await previewRun({ primaryProvider: "azure-openai", ruleKeys: "backup,primary" }, [
      "openai-primary",
    ]);

    const [primary, prod] = [
      await rawDiff("openai-primary", resource(run.resources, "openai-primary")),
      await rawDiff("prod", resource(run.resources, "prod")),
    ];

    const { DIFF_SOME } = providerPb.DiffResponse.DiffChanges;
    expect([primary, prod].map((response) => response.getChanges())).toEqual([DIFF_SOME, DIFF_SOME]);
    expect(primary.getReplacesList()).toEqual(["providerId"]);
    expect(prod.getReplacesList()).toEqual([]);
    for (const response of [primary, prod]) {
      expect(response.getDiffsList()).toEqual([]);
      expect(response.getStablesList()).toEqual([]);
      expect(response.getHasdetaileddiff()).toBe(false);
      expect(response.getDetaileddiffMap().getLength()).toBe(0);
    }
  });
});
