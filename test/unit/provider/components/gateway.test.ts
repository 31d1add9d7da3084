import { beforeAll, describe, expect, it } from "vitest";
import {
  type CapturedResource,
  type ProgramRun,
  type RunProgramOptions,
  runProgramUnderMocks,
} from "../../../support/engine";

const PROGRAM = "test/fixtures/programs/gateway-program.js";
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const FUNCTION_NAME = "ai-1a2b3c4";
const URL_ID = "abcdefghijklmnopqrstuvwxyz012345";
const SECRET_CANARY = "sk-proj-GATEWAYCANARY-0000000000000";

/** What the AWS provider's data sources answer, by invoke token (as in @pulumi/aws 7.x). */
const CALL_RESULTS = {
  "aws:index/getRegion:getRegion": {
    id: REGION,
    region: REGION,
    name: REGION,
    endpoint: `ec2.${REGION}.amazonaws.com`,
  },
  "aws:index/getCallerIdentity:getCallerIdentity": {
    id: ACCOUNT,
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
    userId: "AIDAEXAMPLE",
  },
  "aws:index/getPartition:getPartition": {
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  },
  "aws:kms/getKey:getKey": { id: KEY_ARN, arn: KEY_ARN, keyId: "alias/keyway" },
};

/** The attributes AWS computes, for the children whose outputs the component reads. */
function resourceResults(name: string, functionName = FUNCTION_NAME): RunProgramOptions["resourceResults"] {
  return {
    [name]: {
      state: { name: functionName, arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}` },
    },
    [`${name}-role`]: {
      id: `${name}-role-9f8e7d6`,
      state: { name: `${name}-role-9f8e7d6`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}-role-9f8e7d6` },
    },
    [`${name}-url`]: { state: { functionUrl: `https://${URL_ID}.lambda-url.${REGION}.on.aws/` } },
  };
}

function deploy(options: { gateway?: Record<string, unknown>; name?: string } & RunProgramOptions = {}) {
  const { gateway, name = "ai", ...rest } = options;
  return runProgramUnderMocks(PROGRAM, {
    ...rest,
    config: {
      ...rest.config,
      ...(gateway ? { gateway } : {}),
      ...(name !== "ai" ? { gatewayName: name } : {}),
    },
    callResults: CALL_RESULTS,
    resourceResults: resourceResults(name),
    timeoutMs: 60_000,
  });
}

/** The resources the Gateway registered (not the AWS provider's default provider). */
function children(run: ProgramRun): CapturedResource[] {
  return run.resources.filter((resource) => !resource.type.startsWith("pulumi:providers:"));
}

function only(run: ProgramRun, type: string): CapturedResource {
  const found = children(run).filter((resource) => resource.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as CapturedResource;
}

function policyOf(run: ProgramRun): { Version: string; Statement: Record<string, unknown>[] } {
  return JSON.parse(String(only(run, "aws:iam/rolePolicy:RolePolicy").inputs.policy));
}

/** Every (action, resource) pair a policy allows, with its conditions: the grant, flattened. */
function grants(policy: { Statement: Record<string, unknown>[] }): string[] {
  return policy.Statement.flatMap((statement) => {
    expect(statement.Effect).toBe("Allow");
    const actions = [statement.Action].flat() as string[];
    const resources = [statement.Resource].flat() as string[];
    const condition = statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : "";
    return actions.flatMap((action) => resources.map((resource) => `${action} on ${resource}${condition}`));
  }).sort();
}

const NAMESPACE_SECRETS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:keyway/project-stack/*`;
const OWN_LOGS = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION_NAME}:*`;

describe("keyway.Gateway with default arguments", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await deploy();
  }, 90_000);

  it("registers the component and exactly its role, policy, function, log group and URL, all parented to it, named after it", () => {
    const [component] = run.components.filter((resource) => resource.type === "keyway:index:Gateway");

    expect(component?.name).toBe("ai");
    expect(
      children(run)
        .map((resource) => `${resource.type} ${resource.name}`)
        .sort(),
    ).toEqual([
      "aws:cloudwatch/logGroup:LogGroup ai-logs",
      "aws:iam/role:Role ai-role",
      "aws:iam/rolePolicy:RolePolicy ai-policy",
      "aws:lambda/function:Function ai",
      "aws:lambda/functionUrl:FunctionUrl ai-url",
    ]);
    for (const child of children(run)) expect(child.parent).toBe(component?.urn);
  });

  it("declares no lambda.Permission: with auth NONE the FunctionUrl adds both invoke statements itself", () => {
    expect(children(run).filter((resource) => resource.type === "aws:lambda/permission:Permission")).toEqual(
      [],
    );
    const url = only(run, "aws:lambda/functionUrl:FunctionUrl");

    expect(url.inputs.authorizationType).toBe("NONE");
    // Those statements are added on create only, so an auth-type change must re-create the URL.
    expect(url.replaceOnChanges).toEqual(["authorizationType"]);
    expect(url.deleteBeforeReplace).toBe(true);
  });

  it("runs the bundle as index.handler on nodejs22.x, arm64, 512 MB, 900 s, under the component's role", () => {
    const lambda = only(run, "aws:lambda/function:Function");

    expect(lambda.inputs).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 512,
      timeout: 900,
      role: `arn:aws:iam::${ACCOUNT}:role/ai-role-9f8e7d6`,
    });
    expect(lambda.inputs.reservedConcurrentExecutions).toBeUndefined();
  });

  it("uploads the bundle as index.js, the same bytes bundleBytes reports, and no source map", () => {
    const lambda = only(run, "aws:lambda/function:Function");
    const assets = (lambda.wireInputs.code as { assets: Record<string, { text: string }> }).assets;

    expect(Object.keys(assets)).toEqual(["index.js"]);
    expect(Buffer.byteLength(assets["index.js"]?.text ?? "")).toBe(run.outputs.bundleBytes);
    expect(run.outputs.bundleBytes).toBeGreaterThan(10_000);
    expect(lambda.inputs.environment).toEqual({ variables: { KEYWAY_NAMESPACE: "project-stack" } });
  });

  it("streams through a Function URL without CORS when no origin is allowed", () => {
    const url = only(run, "aws:lambda/functionUrl:FunctionUrl");

    expect(url.inputs.invokeMode).toBe("RESPONSE_STREAM");
    expect(url.inputs.functionName).toBe(FUNCTION_NAME);
    expect(url.inputs.cors).toBeUndefined();
  });

  it("creates the URL after the role's policy and the log group, so the first request finds both", () => {
    const url = only(run, "aws:lambda/functionUrl:FunctionUrl");

    expect(url.dependencies).toEqual(
      expect.arrayContaining([
        only(run, "aws:iam/rolePolicy:RolePolicy").urn,
        only(run, "aws:cloudwatch/logGroup:LogGroup").urn,
      ]),
    );
  });

  it("keeps the function's logs in /aws/lambda/<function name> for 30 days", () => {
    expect(only(run, "aws:cloudwatch/logGroup:LogGroup").inputs).toMatchObject({
      name: `/aws/lambda/${FUNCTION_NAME}`,
      retentionInDays: 30,
    });
  });

  it("lets only Lambda assume the role", () => {
    expect(JSON.parse(String(only(run, "aws:iam/role:Role").inputs.assumeRolePolicy))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
  });

  it("grants exactly: this namespace's secret values, the two batch-load calls, its own log group", () => {
    const policy = only(run, "aws:iam/rolePolicy:RolePolicy");

    expect(policy.inputs.role).toBe("ai-role-9f8e7d6");
    expect(grants(policyOf(run))).toEqual([
      `logs:CreateLogStream on ${OWN_LOGS}`,
      `logs:PutLogEvents on ${OWN_LOGS}`,
      // Not resource-scopable (Service Authorization Reference); values still need GetSecretValue.
      "secretsmanager:BatchGetSecretValue on *",
      `secretsmanager:GetSecretValue on ${NAMESPACE_SECRETS}`,
      "secretsmanager:ListSecrets on *",
    ]);
  });

  it("puts a wildcard resource only on the actions AWS cannot scope, and no wildcard action", () => {
    for (const statement of policyOf(run).Statement) {
      const actions = [statement.Action].flat() as string[];
      for (const action of actions) expect(action).toMatch(/^[a-z]+:[A-Za-z]+$/);
      if ([statement.Resource].flat().includes("*")) {
        expect(actions.sort()).toEqual(["secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets"]);
      }
    }
  });

  it("outputs the base URL ending in /v1 and the function's identifiers", () => {
    expect(run.outputs).toMatchObject({
      url: `https://${URL_ID}.lambda-url.${REGION}.on.aws/v1`,
      functionName: FUNCTION_NAME,
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/ai-role-9f8e7d6`,
      logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    });
    expect(run.secretOutputNames).toEqual([]);
  });
});

describe("keyway.Gateway with every argument set", () => {
  let run: ProgramRun;
  const gateway = {
    namespace: "shop-prod",
    allowedOrigins: ["https://app.example.com", "http://localhost:5173"],
    memorySize: 1024,
    timeout: 600,
    reservedConcurrency: 50,
    logRetentionInDays: 90,
    architecture: "x86_64",
    runtime: "nodejs24.x",
    kmsKeyId: "alias/keyway",
    providers: [{ id: "local-llm", baseUrl: "https://llm.internal.example.com/v1" }],
    settings: { timeouts: { perAttemptMs: 20_000 }, maxBodyBytes: 1_048_576 },
    refreshIntervalMs: 10_000,
    sourceMap: true,
    tags: { team: "platform" },
  };
  beforeAll(async () => {
    run = await deploy({ name: "llm", gateway });
  }, 90_000);

  it("passes the sizing, runtime and architecture through", () => {
    const lambda = only(run, "aws:lambda/function:Function");

    expect(lambda.name).toBe("llm");
    expect(lambda.inputs).toMatchObject({
      runtime: "nodejs24.x",
      architectures: ["x86_64"],
      memorySize: 1024,
      timeout: 600,
      reservedConcurrentExecutions: 50,
      tags: { team: "platform" },
    });
    expect(only(run, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(90);
  });

  it("carries namespace, providers, settings and refresh interval in the environment, and nothing else but the source-map flag", () => {
    expect(only(run, "aws:lambda/function:Function").inputs.environment).toEqual({
      variables: {
        KEYWAY_NAMESPACE: "shop-prod",
        KEYWAY_PROVIDERS: JSON.stringify(gateway.providers),
        KEYWAY_SETTINGS: JSON.stringify(gateway.settings),
        KEYWAY_REFRESH_INTERVAL_MS: "10000",
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  });

  it("ships the source map beside the bundle", () => {
    const lambda = only(run, "aws:lambda/function:Function");
    const assets = (lambda.wireInputs.code as { assets: Record<string, { text: string }> }).assets;

    expect(Object.keys(assets).sort()).toEqual(["index.js", "index.js.map"]);
    expect(JSON.parse(assets["index.js.map"]?.text ?? "{}")).toHaveProperty("mappings");
  });

  it("allows exactly the given origins and exposes every x-keyway-* header", () => {
    expect(only(run, "aws:lambda/functionUrl:FunctionUrl").inputs.cors).toEqual({
      allowOrigins: gateway.allowedOrigins,
      allowMethods: ["GET", "POST"],
      allowHeaders: expect.arrayContaining(["authorization", "content-type", "x-api-key", "openai-beta"]),
      exposeHeaders: [
        "x-keyway-request-id",
        "x-keyway-attempts",
        "x-keyway-provider",
        "x-keyway-model",
        "x-keyway-provider-key-id",
        "x-keyway-rejected-models",
      ],
      allowCredentials: false,
      maxAge: 86400,
    });
  });

  it("grants kms:Decrypt on the configured key only, through Secrets Manager, for this namespace's secrets", () => {
    const namespaceSecrets = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:keyway/shop-prod/*`;
    const logs = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION_NAME}:*`;

    expect(grants(policyOf(run))).toEqual([
      `kms:Decrypt on ${KEY_ARN} if ${JSON.stringify({
        StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:SecretARN": namespaceSecrets },
      })}`,
      `logs:CreateLogStream on ${logs}`,
      `logs:PutLogEvents on ${logs}`,
      "secretsmanager:BatchGetSecretValue on *",
      `secretsmanager:GetSecretValue on ${namespaceSecrets}`,
      "secretsmanager:ListSecrets on *",
    ]);
  });
});

describe("keyway.Gateway variants", () => {
  it("with authType AWS_IAM, makes an IAM-authenticated URL and adds no public permission", async () => {
    const run = await deploy({ gateway: { authType: "AWS_IAM" } });

    expect(only(run, "aws:lambda/functionUrl:FunctionUrl").inputs).toMatchObject({
      authorizationType: "AWS_IAM",
      invokeMode: "RESPONSE_STREAM",
    });
    expect(children(run).map((resource) => resource.type)).not.toContain("aws:lambda/permission:Permission");
  }, 60_000);

  it("adds no alarm, metric filter or dashboard unless asked", async () => {
    const run = await deploy();

    expect(children(run).filter((resource) => resource.type.startsWith("aws:cloudwatch/"))).toHaveLength(1);
  }, 60_000);

  it("with alarms, adds the log metric filters and an error-rate and a failover-rate alarm, no dashboard", async () => {
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:oncall`;
    const run = await deploy({ gateway: { alarms: { errorRatePercent: 2, actions: [topic] } } });
    const byName = new Map(children(run).map((resource) => [resource.name, resource]));

    expect(
      children(run)
        .filter((resource) => resource.type !== "aws:cloudwatch/logGroup:LogGroup")
        .filter((resource) => resource.type.startsWith("aws:cloudwatch/"))
        .map((resource) => `${resource.type} ${resource.name}`)
        .sort(),
    ).toEqual([
      "aws:cloudwatch/logMetricFilter:LogMetricFilter ai-failovers",
      "aws:cloudwatch/logMetricFilter:LogMetricFilter ai-requests",
      "aws:cloudwatch/logMetricFilter:LogMetricFilter ai-server-errors",
      "aws:cloudwatch/metricAlarm:MetricAlarm ai-error-rate",
      "aws:cloudwatch/metricAlarm:MetricAlarm ai-failover-rate",
    ]);
    expect(byName.get("ai-failovers")?.inputs).toMatchObject({
      logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
      pattern: '{ $.event = "request" && $.attempts[1].durationMs >= 0 }',
      metricTransformation: { name: "Failovers", namespace: `keyway/${FUNCTION_NAME}`, value: "1" },
    });
    expect(byName.get("ai-error-rate")?.inputs).toMatchObject({
      threshold: 2,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topic],
      okActions: [topic],
    });
    expect(byName.get("ai-failover-rate")?.inputs.threshold).toBe(20);
    for (const child of children(run)) expect(child.name.startsWith("ai")).toBe(true);
  }, 60_000);

  it("with a dashboard only, adds the metric filters and the dashboard, no alarm", async () => {
    const run = await deploy({ gateway: { dashboard: true } });
    const types = children(run).map((resource) => resource.type);

    expect(types).toContain("aws:cloudwatch/dashboard:Dashboard");
    expect(types).not.toContain("aws:cloudwatch/metricAlarm:MetricAlarm");
    const dashboard = only(run, "aws:cloudwatch/dashboard:Dashboard");
    expect(dashboard.inputs.dashboardName).toBe(`keyway-${FUNCTION_NAME}`);
    expect(JSON.parse(String(dashboard.inputs.dashboardBody)).widgets).toHaveLength(4);
  }, 60_000);

  it("never puts a secret in the function's configuration, even beside a provider key in the same program", async () => {
    const run = await deploy({ secretConfig: { openaiKey: SECRET_CANARY } });
    const providerKey = run.resources.find((resource) => resource.type.endsWith("keyway:ProviderKey"));

    expect(JSON.stringify(providerKey?.wireInputs)).toContain(SECRET_CANARY); // the canary is in play
    for (const child of children(run).filter((resource) => resource !== providerKey)) {
      expect(JSON.stringify(child.wireInputs)).not.toContain("GATEWAYCANARY");
    }
    expect(only(run, "aws:lambda/function:Function").inputs.environment).toEqual({
      variables: { KEYWAY_NAMESPACE: "project-stack" },
    });
  }, 60_000);

  it("takes the namespace and KMS key from stack config like the keyway resources", async () => {
    const run = await deploy({
      config: { "keyway:namespace": "from-config", "keyway:kmsKeyId": "alias/keyway" },
    });

    expect(only(run, "aws:lambda/function:Function").inputs.environment).toEqual({
      variables: { KEYWAY_NAMESPACE: "from-config" },
    });
    expect(grants(policyOf(run)).filter((grant) => grant.startsWith("kms:"))).toHaveLength(1);
    expect(grants(policyOf(run))).toContain(
      `secretsmanager:GetSecretValue on arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:keyway/from-config/*`,
    );
  }, 60_000);

  it("fails the deployment on an origin a browser never sends", async () => {
    await expect(deploy({ gateway: { allowedOrigins: ["https://app.example.com/"] } })).rejects.toThrow(
      /allowedOrigins "https:\/\/app.example.com\/": an origin is a scheme and host without a path or trailing slash/,
    );
  }, 60_000);
});
