import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readLambdaEnvironment } from "../../../../gateway-lambda/lambda/lambda-environment";
import { CORS_EXPOSED_HEADERS, corsFor } from "../../../../provider/components/gateway-cors";
import { gatewayEnvironment } from "../../../../provider/components/gateway-environment";
import { buildGatewayPolicy } from "../../../../provider/components/gateway-policy";

const SCOPE = {
  region: "eu-west-1",
  accountId: "123456789012",
  namespace: "shop-prod",
  logGroupName: "/aws/lambda/ai-1a2b3c4",
};

describe("buildGatewayPolicy", () => {
  it("is exactly the namespace's secrets, the batch-load calls and the own log group", () => {
    expect(buildGatewayPolicy(SCOPE)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadNamespaceSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:keyway/shop-prod/*",
        },
        {
          Sid: "LoadNamespaceInBatches",
          Effect: "Allow",
          Action: ["secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets"],
          Resource: "*",
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ai-1a2b3c4:*",
        },
      ],
    });
  });

  it("adds kms:Decrypt on the given key, only via Secrets Manager in the region and for the namespace's secrets", () => {
    const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    const policy = buildGatewayPolicy({ ...SCOPE, kmsKeyArn: keyArn });

    expect(policy.Statement.find((statement) => statement.Sid === "DecryptNamespaceSecrets")).toEqual({
      Sid: "DecryptNamespaceSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
        StringLike: {
          "kms:EncryptionContext:SecretARN":
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:keyway/shop-prod/*",
        },
      },
    });
    expect(policy.Statement).toHaveLength(4);
  });

  it("uses the partition it is given (GovCloud, China)", () => {
    const policy = buildGatewayPolicy({ ...SCOPE, partition: "aws-cn", region: "cn-north-1" });

    expect(policy.Statement[0]?.Resource).toBe(
      "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:keyway/shop-prod/*",
    );
  });

  it.each([["*"], ["shop/prod"], ["shop?"], [""]])(
    "refuses namespace %j, which would widen or break the ARN prefix",
    (namespace) => {
      expect(() => buildGatewayPolicy({ ...SCOPE, namespace })).toThrow(/namespace .* is not valid/);
    },
  );

  it("refuses an account, region or log group that would put a wildcard or a gap in an ARN", () => {
    expect(() =>
      buildGatewayPolicy({ ...SCOPE, accountId: "*", region: "", logGroupName: "/aws/lambda/*" }),
    ).toThrow(
      'keyway.Gateway: account id "*" is not 12 digits; region "" is not an AWS region; log group "/aws/lambda/*" is not a Lambda log group',
    );
  });
});

describe("gatewayEnvironment", () => {
  it("is only the namespace by default", () => {
    expect(gatewayEnvironment({ namespace: "shop-prod" })).toEqual({ KEYWAY_NAMESPACE: "shop-prod" });
  });

  it("is what the Lambda entry reads back, unchanged", () => {
    const input = {
      namespace: "shop-prod",
      providers: [{ id: "local-llm", baseUrl: "https://llm.internal.example.com/v1" }],
      settings: { timeouts: { totalMs: 90_000 }, allowInsecureHttp: false },
      refreshIntervalMs: 5_000,
    };

    expect(readLambdaEnvironment(gatewayEnvironment(input))).toEqual({
      namespace: "shop-prod",
      providers: input.providers,
      settings: input.settings,
      refreshIntervalMs: 5_000,
    });
  });

  it("turns on source maps through NODE_OPTIONS when asked", () => {
    expect(gatewayEnvironment({ namespace: "ns", sourceMap: true }).NODE_OPTIONS).toBe(
      "--enable-source-maps",
    );
  });

  it("reports every problem at once", () => {
    expect(() =>
      gatewayEnvironment({
        namespace: "a/b",
        providers: [
          { id: "Local", baseUrl: "https://user:hunter2@llm.example.com/v1" },
          { id: "plain", baseUrl: "http://llm.example.com/v1" },
          { id: "broken", baseUrl: "not a url" },
        ],
        refreshIntervalMs: 10,
      }),
    ).toThrow(
      [
        'keyway.Gateway: namespace "a/b" is not valid (1-64 of A-Za-z0-9_+=.@-)',
        'providers[0].id "Local" is not a provider id (lowercase letters, digits and -)',
        "providers[0].baseUrl carries credentials; put keys in a keyway.ProviderKey, never in a URL",
        "providers[1].baseUrl must use https (or set settings.allowInsecureHttp)",
        'providers[2].baseUrl "not a url" is not a URL',
        "refreshIntervalMs must be a whole number of milliseconds, at least 1000, got 10",
      ].join("; "),
    );
  });

  it("never echoes credentials found in a URL", () => {
    try {
      gatewayEnvironment({
        namespace: "ns",
        providers: [{ id: "x", baseUrl: "https://u:hunter2@h.example/v1" }],
      });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });

  it("accepts http only with allowInsecureHttp", () => {
    const providers = [{ id: "local", baseUrl: "http://127.0.0.1:11434/v1" }];

    expect(
      gatewayEnvironment({ namespace: "ns", providers, settings: { allowInsecureHttp: true } })
        .KEYWAY_PROVIDERS,
    ).toBe(JSON.stringify(providers));
  });

  it("refuses an environment over Lambda's 4 KB", () => {
    const providers = Array.from({ length: 80 }, (_, index) => ({
      id: `p${index}`,
      baseUrl: `https://provider-${index}.example.com/v1`,
    }));

    expect(() => gatewayEnvironment({ namespace: "ns", providers })).toThrow(/bytes; Lambda allows 4096/);
  });
});

describe("corsFor", () => {
  it("is no CORS at all without origins", () => {
    expect(corsFor(undefined)).toBeUndefined();
    expect(corsFor([])).toBeUndefined();
  });

  it("allows exactly the origins given, GET and POST, no credentials, and exposes every x-keyway-* header", () => {
    const cors = corsFor(["https://app.example.com", "*"]);

    expect(cors).toMatchObject({
      allowOrigins: ["https://app.example.com", "*"],
      allowMethods: ["GET", "POST"],
      allowCredentials: false,
    });
    expect(cors?.exposeHeaders).toEqual(CORS_EXPOSED_HEADERS);
    expect(cors?.allowHeaders).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-api-key", "openai-beta", "x-stainless-os"]),
    );
  });

  it("exposes exactly the x-keyway-* headers the gateway sets", () => {
    const sources = readdirSync("gateway-lambda", { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => readFileSync(path.join("gateway-lambda", file), "utf8"));
    const set = new Set(sources.flatMap((source) => source.match(/"x-keyway-[a-z-]+"/g) ?? []));

    expect([...set].map((quoted) => JSON.parse(quoted)).sort()).toEqual([...CORS_EXPOSED_HEADERS].sort());
  });

  it("rejects origins with a path or a trailing slash, naming them", () => {
    expect(() => corsFor(["https://ok.example.com", "https://app.example.com/", "app.example.com"])).toThrow(
      'allowedOrigins "https://app.example.com/", "app.example.com": an origin is a scheme and host',
    );
  });
});
