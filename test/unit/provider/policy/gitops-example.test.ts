import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { KEYWAY_TYPES, keywayPolicies } from "../../../../provider/policy";
import {
  type CapturedResource,
  type ProgramRun,
  runProgramUnderMocks,
  stripSecrets,
  UNKNOWN,
} from "../../../support/engine";
import { type ValidationOutcome, validate } from "./policy-args";

// examples/gitops against keyway's policy pack: its program (routing files loaded through
// loadConfigurationFiles, the Gateway) runs under mocks as `pulumi preview` of a first deployment
// (every id unknown) and as `pulumi up` (every id known), and each resource goes through every
// policy with the example's policy-config.json, as `--policy-pack-config` would give it.

const REPO = path.resolve(__dirname, "../../../..");
const EXAMPLE = path.join(REPO, "examples/gitops");
const policyConfig: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(EXAMPLE, "policy-config.json"), "utf8"),
);

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** What the AWS provider's data sources answer (@pulumi/aws 7.x invoke tokens). */
const CALL_RESULTS = {
  "aws:index/getRegion:getRegion": { id: REGION, region: REGION, name: REGION },
  "aws:index/getCallerIdentity:getCallerIdentity": { id: ACCOUNT, accountId: ACCOUNT },
  "aws:index/getPartition:getPartition": { id: "aws", partition: "aws" },
  "aws:kms/getKey:getKey": { id: KMS_KEY_ARN, arn: KMS_KEY_ARN },
};

/** What AWS computes at `pulumi up` for the outputs the program reads. */
const CREATED = {
  keyway: { id: "1234abcd-12ab-34cd-56ef-1234567890ab", state: { arn: KMS_KEY_ARN } },
  ai: { state: { name: "ai-4c1e2f9", arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ai-4c1e2f9` } },
  "ai-role": { state: { name: "ai-role-9f8e7d6", arn: `arn:aws:iam::${ACCOUNT}:role/ai-role-9f8e7d6` } },
  "ai-url": { state: { functionUrl: `https://abc123.lambda-url.${REGION}.on.aws/` } },
};

const NOT_CREATED = Object.fromEntries(
  ["openai-primary", "openai-backup", "anthropic-main", "anthropic-backup", "prod", "support"].map((name) => [
    name,
    { id: "" },
  ]),
);

/** The example's index.ts as the Pulumi runtime would run it: CommonJS, from the project folder. */
function compiledProgram(): string {
  const source = readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "keyway-gitops-")), "index.js");
  writeFileSync(file, outputText);
  return file;
}

async function runExample(preview: boolean): Promise<ProgramRun> {
  return runProgramUnderMocks(compiledProgram(), {
    cwd: EXAMPLE, // loadConfigurationFiles("routing") reads from the project folder, as under Pulumi
    env: { NODE_PATH: path.join(REPO, "node_modules") }, // the compiled file lives outside the repo
    project: "ai-gateway",
    stack: "prod",
    preview,
    config: { "aws:region": REGION },
    secretConfig: {
      openaiPrimary: "sk-proj-PRIMARYprimaryPRIMARY0001",
      openaiBackup: "sk-proj-BACKUPbackupBACKUPbackup0002",
      anthropicMain: "sk-ant-api03-MAINmainMAINmainMAIN0003",
      anthropicBackup: "sk-ant-api03-BACKUPbackupBACKUP0004",
    },
    callResults: CALL_RESULTS,
    // First deployment at preview: nothing exists yet, so ids (an empty id) and computed outputs
    // (everything the mock does not return) are unknown.
    resourceResults: preview ? NOT_CREATED : CREATED,
    timeoutMs: 90_000,
  });
}

/** What `--policy-pack-config` gives a policy: its options, without the level. */
function optionsOf(policyName: string): object {
  const entry = policyConfig[policyName];
  if (typeof entry !== "object" || entry === null) return {};
  const { enforcementLevel: _level, ...options } = entry as Record<string, unknown>;
  return options;
}

async function analyze(resources: readonly CapturedResource[], options = optionsOf) {
  const findings: { policy: string; resource: string; outcome: ValidationOutcome }[] = [];
  for (const resource of resources) {
    const props = stripSecrets(resource.wireInputs).plain;
    for (const policy of keywayPolicies) {
      const outcome = await validate(policy, { ...resource, props }, options(policy.name));
      if (outcome.violations.length > 0 || outcome.undecided)
        findings.push({ policy: policy.name, resource: resource.name, outcome });
    }
  }
  return findings;
}

describe("examples/gitops routing files", () => {
  it("pass `keyway validate routing/ --format github` as the workflow runs it: no annotation", async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(REPO, "dist/cli/keyway.js"), "validate", "routing/", "--format", "github"],
      { cwd: EXAMPLE, timeout: 30_000 },
    );

    expect(stdout).not.toMatch(/^::(error|warning)/m);
    expect(stderr).toBe("");
  });
});

describe("examples/gitops passes keyway's policy pack with its policy-config.json", () => {
  let preview: ProgramRun;
  let up: ProgramRun;
  beforeAll(async () => {
    [preview, up] = await Promise.all([runExample(true), runExample(false)]);
  }, 180_000);

  it("declares a configuration per routing file, with the files' key names resolved to ids", () => {
    const configurations = up.resources.filter(
      (resource) => resource.type === KEYWAY_TYPES.accessKeyConfiguration,
    );
    const prod = configurations.find((resource) => resource.name === "prod");

    expect(configurations.map((resource) => resource.name).sort()).toEqual(["prod", "support"]);
    expect(JSON.stringify(prod?.wireInputs.router)).toContain('"id":"openai-primary-id"');
    expect(JSON.stringify(prod?.wireInputs.router)).not.toContain('"key"');
  });

  it("covers every kind of resource the policies check", () => {
    const types = new Set(up.resources.map((resource) => resource.type));

    expect([...types]).toEqual(
      expect.arrayContaining([
        KEYWAY_TYPES.providerKey,
        KEYWAY_TYPES.accessKeyConfiguration,
        KEYWAY_TYPES.accessKey,
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:lambda/functionUrl:FunctionUrl",
      ]),
    );
    const logGroup = up.resources.find((resource) => resource.type === "aws:cloudwatch/logGroup:LogGroup");
    expect(logGroup?.urn).toContain("keyway:index:Gateway$aws:cloudwatch/logGroup:LogGroup::ai-logs");
  });

  it("no violation and no undecided policy at the preview of the first deployment (ids and the KMS ARN unknown)", async () => {
    const web = preview.resources.find((resource) => resource.name === "web");
    const key = preview.resources.find((resource) => resource.name === "openai-primary");
    expect([web?.wireInputs.configurationId, key?.wireInputs.kmsKeyId]).toEqual([UNKNOWN, UNKNOWN]);

    expect(await analyze(preview.resources)).toEqual([]);
  });

  it("no violation at `pulumi up` (every value known)", async () => {
    expect(await analyze(up.resources)).toEqual([]);
  });

  it("without the configuration's origins, the CORS policy rejects the gateway's origin", async () => {
    const findings = await analyze(up.resources, () => ({}));

    expect(findings).toEqual([
      {
        policy: "gateway-cors-allowed-origins",
        resource: "ai-url",
        outcome: {
          violations: [
            'Function URL "ai-url" allows CORS from origins the policy does not list: https://app.example.com (listed: none configured).',
          ],
        },
      },
    ]);
  });
});
