import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { GatewaySettingsOverrides } from "../../gateway-lambda/store/build-snapshot";
import type { ProviderEndpoint } from "../../gateway-lambda/store/gateway-store";
import { defaultNamespace } from "../resources/storage-args";

import { bundleGateway, GATEWAY_BUNDLE_FILE, type GatewayBundle } from "./gateway-bundle";
import { corsFor } from "./gateway-cors";
import { gatewayEnvironment } from "./gateway-environment";
import { type GatewayAlarmsArgs, monitorGateway } from "./gateway-monitoring";
import { buildGatewayPolicy } from "./gateway-policy";

export type GatewayAuthType = "NONE" | "AWS_IAM";
export type GatewayRuntime = "nodejs22.x" | "nodejs24.x";
export type GatewayArchitecture = "arm64" | "x86_64";

export interface GatewayArgs {
  /**
   * The namespace whose provider keys, configurations and access keys this gateway serves (the
   * secrets `keyway/<namespace>/...`). Default: stack config `keyway:namespace`, else
   * `<project>-<stack>`: the same default as the keyway resources, so a stack's gateway serves that
   * stack's resources without naming it.
   */
  namespace?: pulumi.Input<string>;
  /**
   * Browser origins allowed to call the URL (CORS), exactly as the browser sends them
   * (`https://app.example.com`, no path, no trailing slash), or `["*"]`. Default: none, so browsers
   * cannot call it; server-side clients need no CORS.
   */
  allowedOrigins?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * `NONE` (default): the URL is public and keyway access keys protect it. `AWS_IAM`: callers must
   * also sign requests with SigV4 and hold `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`;
   * the signature takes the `Authorization` header, so they send the keyway token in `x-api-key`.
   * Changing it re-creates the URL (a new address).
   */
  authType?: pulumi.Input<GatewayAuthType>;
  /**
   * Memory in MB (128-10,240); CPU scales with it. Default 512: the gateway mostly waits on
   * upstreams, so more memory buys little, while init CPU and 5 MB request bodies need some.
   */
  memorySize?: pulumi.Input<number>;
  /**
   * Longest invocation in seconds (1-900). Default 900, Lambda's maximum: a long reasoning stream
   * must not be cut by Lambda (the client would get a truncated stream without keyway's error
   * event). Lambda bills the time used, not this limit; keyway's own timeouts end stuck requests.
   */
  timeout?: pulumi.Input<number>;
  /**
   * Concurrent invocations reserved for (and capped at) this function. Default: none, the account's
   * unreserved pool. Each in-flight request, streams included, holds one execution environment.
   */
  reservedConcurrency?: pulumi.Input<number>;
  /** Days CloudWatch keeps the function's logs (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, ...). Default 30. */
  logRetentionInDays?: pulumi.Input<number>;
  /** Default `arm64` (Graviton: lower price per GB-second). */
  architecture?: pulumi.Input<GatewayArchitecture>;
  /** Default `nodejs22.x`, the project's Node major; `nodejs24.x` is supported too. */
  runtime?: pulumi.Input<GatewayRuntime>;
  /**
   * The customer-managed KMS key (id, ARN or alias) that encrypts the namespace's secrets; the
   * function gets `kms:Decrypt` on it through Secrets Manager only. Default: stack config
   * `keyway:kmsKeyId`, else none (the AWS-managed `aws/secretsmanager` key needs no grant).
   */
  kmsKeyId?: pulumi.Input<string>;
  /**
   * Base-URL overrides of built-in providers and custom OpenAI-compatible providers
   * (`KEYWAY_PROVIDERS`), e.g. `[{ id: "local-llm", baseUrl: "https://llm.internal.example.com/v1" }]`.
   * Never put credentials in a URL: keys belong in `keyway.ProviderKey`s.
   */
  providers?: pulumi.Input<pulumi.Input<ProviderEndpoint>[]>;
  /** Gateway-wide settings (`KEYWAY_SETTINGS`): `timeouts` in ms, `maxBodyBytes`, `allowInsecureHttp`. */
  settings?: pulumi.Input<GatewaySettingsOverrides>;
  /** Age in ms (at least 1,000) after which the in-memory snapshot of the namespace is refreshed. Default 30,000. */
  refreshIntervalMs?: pulumi.Input<number>;
  /** CloudWatch alarms on the error rate and the failover rate. Default: none. */
  alarms?: boolean | GatewayAlarmsArgs;
  /** A CloudWatch dashboard of requests, errors, failovers, duration and concurrency. Default: none. */
  dashboard?: boolean;
  /** Ship a source map and run Node with `--enable-source-maps`, for readable stack traces. Default false. */
  sourceMap?: boolean;
  /** Tags for every child that takes tags. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The keyway gateway on AWS Lambda behind a Function URL with response streaming: `pulumi up`
 * bundles the current gateway code, deploys it with exactly the IAM it needs (read this
 * namespace's secrets, write its own logs), and outputs the OpenAI-compatible base URL.
 *
 * @example
 * const gateway = new keyway.Gateway("ai", { allowedOrigins: ["https://app.example.com"] });
 * export const url = gateway.url; // https://<id>.lambda-url.<region>.on.aws/v1
 */
export class Gateway extends pulumi.ComponentResource {
  /** The OpenAI-compatible base URL, ending in `/v1`: pass it to an SDK as `baseURL`. */
  readonly url: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly functionArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  /** Size of the deployed gateway bundle (minified JavaScript) in bytes. */
  readonly bundleBytes: pulumi.Output<number>;

  constructor(name: string, args: GatewayArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("keyway:index:Gateway", name, args, opts);
    const config = new pulumi.Config("keyway");
    const namespace = pulumi.output(args.namespace ?? config.get("namespace") ?? defaultNamespace());
    const kmsKeyId = args.kmsKeyId ?? config.get("kmsKeyId");
    const sourceMap = args.sourceMap ?? false;
    const tags = args.tags;
    const bundle = pulumi.output(bundleGateway({ sourceMap }));

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: pulumi.interpolate`keyway gateway ${name}: reads namespace ${namespace}`,
        assumeRolePolicy: JSON.stringify(LAMBDA_TRUST_POLICY),
        tags,
      },
      { parent: this },
    );

    const environment = pulumi
      .all([namespace, args.providers, args.settings, args.refreshIntervalMs])
      .apply(([resolvedNamespace, providers, settings, refreshIntervalMs]) =>
        gatewayEnvironment({
          namespace: resolvedNamespace,
          providers,
          settings,
          refreshIntervalMs,
          sourceMap,
        }),
      );
    const lambda = new aws.lambda.Function(
      name,
      {
        description: pulumi.interpolate`keyway gateway for namespace ${namespace}`,
        role: role.arn,
        runtime: args.runtime ?? GATEWAY_DEFAULTS.runtime,
        architectures: [args.architecture ?? GATEWAY_DEFAULTS.architecture],
        handler: "index.handler",
        code: bundle.apply((built) => new pulumi.asset.AssetArchive(bundleArchive(built))),
        memorySize: args.memorySize ?? GATEWAY_DEFAULTS.memorySize,
        timeout: args.timeout ?? GATEWAY_DEFAULTS.timeout,
        reservedConcurrentExecutions: args.reservedConcurrency,
        environment: { variables: environment },
        tags,
      },
      { parent: this },
    );

    // Lambda writes to /aws/lambda/<function name>. Created here (the role may not create log
    // groups), so retention applies and `pulumi destroy` removes the logs with the function.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: pulumi.interpolate`/aws/lambda/${lambda.name}`,
        retentionInDays: args.logRetentionInDays ?? GATEWAY_DEFAULTS.logRetentionInDays,
        tags,
      },
      { parent: this },
    );

    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const kmsKeyArn = kmsKeyId ? aws.kms.getKeyOutput({ keyId: kmsKeyId }, { parent: this }).arn : undefined;
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([partition, region, accountId, namespace, logGroup.name, kmsKeyArn])
          .apply(([partition, region, accountId, namespace, logGroupName, kmsKeyArn]) =>
            JSON.stringify(
              buildGatewayPolicy({ partition, region, accountId, namespace, logGroupName, kmsKeyArn }),
            ),
          ),
      },
      { parent: this },
    );

    // With NONE, the provider itself adds the two resource-policy statements a public URL needs
    // since October 2025 (lambda:InvokeFunctionUrl, and lambda:InvokeFunction with
    // InvokedViaFunctionUrl), on create only: declaring them again would duplicate them, and an
    // auth-type change therefore re-creates the URL. Created last, so the first request finds the
    // role's policy and the log group in place.
    const functionUrl = new aws.lambda.FunctionUrl(
      `${name}-url`,
      {
        functionName: lambda.name,
        authorizationType: args.authType ?? GATEWAY_DEFAULTS.authType,
        invokeMode: "RESPONSE_STREAM",
        cors: pulumi.output(args.allowedOrigins).apply((origins) => corsFor(origins)),
      },
      {
        parent: this,
        dependsOn: [policy, logGroup],
        replaceOnChanges: ["authorizationType"],
        deleteBeforeReplace: true,
      },
    );

    if (args.alarms || args.dashboard) {
      monitorGateway(name, {
        functionName: lambda.name,
        logGroupName: logGroup.name,
        region,
        alarms: args.alarms === true ? {} : args.alarms || undefined,
        dashboard: args.dashboard ?? false,
        tags,
        parent: this,
      });
    }

    this.url = functionUrl.functionUrl.apply((address) => `${address.replace(/\/+$/, "")}/v1`);
    this.functionName = lambda.name;
    this.functionArn = lambda.arn;
    this.roleArn = role.arn;
    this.logGroupName = logGroup.name;
    this.bundleBytes = bundle.bytes;
    this.registerOutputs({
      url: this.url,
      functionName: this.functionName,
      functionArn: this.functionArn,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      bundleBytes: this.bundleBytes,
    });
  }
}

/** What the component uses when an argument is omitted. */
export const GATEWAY_DEFAULTS = {
  authType: "NONE",
  memorySize: 512,
  timeout: 900,
  logRetentionInDays: 30,
  architecture: "arm64",
  runtime: "nodejs22.x",
} as const;

const LAMBDA_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

function bundleArchive(bundle: GatewayBundle): Record<string, pulumi.asset.Asset> {
  // The file the handler setting `index.handler` names; the code links its map as `index.js.map`.
  const files: Record<string, pulumi.asset.Asset> = {
    [GATEWAY_BUNDLE_FILE]: new pulumi.asset.StringAsset(bundle.code),
  };
  if (bundle.sourceMap) files[`${GATEWAY_BUNDLE_FILE}.map`] = new pulumi.asset.StringAsset(bundle.sourceMap);
  return files;
}
