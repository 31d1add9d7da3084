import { beforeAll, describe, expect, it } from "vitest";
import { type ProgramRun, runProgramUnderMocks, wireSecret } from "../../../support/engine";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const PRIMARY = "sk-proj-ROOTSTACKPRIMARY-000000000000";
const BACKUP = "sk-proj-ROOTSTACKBACKUP-0000000000000";
const TOKEN = "kw-ROOTSTACKTOKEN000000000000000000000000000";

describe("the repo's root program (Pulumi.yaml main) under Pulumi's TypeScript loader", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgramUnderMocks("test/fixtures/programs/root-stack-program.js", {
      project: "keyway",
      stack: "dev",
      secretConfig: { openaiPrimary: PRIMARY, openaiBackup: BACKUP },
      callResults: {
        "aws:index/getRegion:getRegion": { id: REGION, region: REGION, name: REGION },
        "aws:index/getCallerIdentity:getCallerIdentity": { id: ACCOUNT, accountId: ACCOUNT },
        "aws:index/getPartition:getPartition": { id: "aws", partition: "aws" },
      },
      resourceResults: {
        gateway: {
          state: {
            name: "gateway-1a2b3c4",
            arn: "arn:aws:lambda:eu-west-1:123456789012:function:gateway-1a2b3c4",
          },
        },
        // The token the provider makes at create, secret as the engine marks it (additionalSecretOutputs).
        app: { state: { token: wireSecret(TOKEN), namespace: "keyway-dev" } },
        "gateway-url": { state: { functionUrl: `https://abc123.lambda-url.${REGION}.on.aws/` } },
      },
      timeoutMs: 90_000,
    });
  }, 120_000);

  it("deploys two provider keys, a failover configuration, an access key and the gateway", () => {
    const declared = [...run.resources, ...run.components]
      .filter((resource) => !resource.type.startsWith("pulumi:providers:"))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();

    expect(declared).toEqual([
      "aws:cloudwatch/logGroup:LogGroup gateway-logs",
      "aws:iam/role:Role gateway-role",
      "aws:iam/rolePolicy:RolePolicy gateway-policy",
      "aws:lambda/function:Function gateway",
      "aws:lambda/functionUrl:FunctionUrl gateway-url",
      "keyway:index:Gateway gateway",
      "pulumi-nodejs:dynamic/keyway:AccessKey app",
      "pulumi-nodejs:dynamic/keyway:AccessKeyConfiguration default",
      "pulumi-nodejs:dynamic/keyway:ProviderKey openai-backup",
      "pulumi-nodejs:dynamic/keyway:ProviderKey openai-primary",
    ]);
  });

  it("routes OpenAI to the primary key, failing over to the backup", () => {
    const configuration = run.resources.find((resource) =>
      resource.type.endsWith("keyway:AccessKeyConfiguration"),
    );

    expect(configuration?.inputs.router).toEqual({
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
      ],
    });
  });

  it("serves the stack's own namespace from the gateway", () => {
    const keyNamespaces = run.resources
      .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/keyway:"))
      .map((resource) => resource.inputs.namespace);
    const lambda = run.resources.find((resource) => resource.type === "aws:lambda/function:Function");

    expect(new Set(keyNamespaces)).toEqual(new Set(["keyway-dev"]));
    expect(lambda?.inputs.environment).toEqual({ variables: { KEYWAY_NAMESPACE: "keyway-dev" } });
  });

  it("exports the URL and the access token, the token as a secret", () => {
    const accessKey = run.resources.find((resource) => resource.type.endsWith("keyway:AccessKey"));

    expect(accessKey?.additionalSecretOutputs).toEqual(["token"]);
    expect(run.outputs.url).toBe(`https://abc123.lambda-url.${REGION}.on.aws/v1`);
    expect(run.outputs.accessToken).toBe(TOKEN);
    expect(run.secretOutputNames).toContain("accessToken");
    expect(run.secretOutputNames).not.toContain("url");
  });
});
