import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createKeywayPolicyPackArgs,
  KEYWAY_POLICY_PACK_NAME,
  KEYWAY_TYPES,
  keywayPolicies,
} from "../../../../provider/policy";
import { installPackedKeyway } from "../../../support/packed-keyway";
import { type TestResource, UNKNOWN_VALUE, urnOf } from "./policy-args";
import { accessKey, configuration, corsFor, gatewayFunctionUrl, openaiRule } from "./resources";

const REPO = path.resolve(__dirname, "../../../..");
const rootPackage = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
const { ADVISORY, MANDATORY } = analyzerPb.EnforcementLevel;

describe("keyway's policy set", () => {
  it("has six policies with unique names the policy SDK accepts, each described", () => {
    const names = keywayPolicies.map((policy) => policy.name);

    expect(names).toEqual([
      "access-key-has-configuration",
      "configuration-restricts-access",
      "routing-rule-has-failover",
      "provider-key-customer-managed-kms",
      "gateway-log-retention",
      "gateway-cors-allowed-origins",
    ]);
    for (const policy of keywayPolicies) {
      expect(policy.name).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
      expect(policy.description.length).toBeGreaterThan(40);
      // The SDK exits the pack process if a schema declares enforcementLevel itself.
      expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    }
  });

  it("defaults: the two guards on who may call what are mandatory, the rest advisory", () => {
    const levels = Object.fromEntries(keywayPolicies.map((policy) => [policy.name, policy.enforcementLevel]));

    expect(levels).toEqual({
      "access-key-has-configuration": "mandatory",
      "configuration-restricts-access": "advisory",
      "routing-rule-has-failover": "advisory",
      "provider-key-customer-managed-kms": "advisory",
      "gateway-log-retention": "advisory",
      "gateway-cors-allowed-origins": "mandatory",
    });
  });

  it("the pack's arguments carry the defaults, or one level for all, or a level per policy", () => {
    const levels = (args: ReturnType<typeof createKeywayPolicyPackArgs>) =>
      args.policies.map((policy) => policy.enforcementLevel);

    expect(levels(createKeywayPolicyPackArgs())).toEqual(
      keywayPolicies.map((policy) => policy.enforcementLevel),
    );
    expect(levels(createKeywayPolicyPackArgs({ enforcementLevel: "advisory" }))).toEqual(
      keywayPolicies.map(() => "advisory"),
    );
    expect(
      levels(
        createKeywayPolicyPackArgs({
          enforcementLevel: "advisory",
          enforcementLevels: { "gateway-log-retention": "mandatory" },
        }),
      ),
    ).toEqual(["advisory", "advisory", "advisory", "advisory", "mandatory", "advisory"]);
    // The shared policy objects keep their defaults.
    expect(keywayPolicies[0]?.enforcementLevel).toBe("mandatory");
  });

  it("rejects a level for a policy that does not exist, listing the real names", () => {
    expect(() => createKeywayPolicyPackArgs({ enforcementLevels: { "log-retention": "mandatory" } })).toThrow(
      'keyway policy pack: no policy named "log-retention"; the policies are access-key-has-configuration, ',
    );
  });

  it("recognises the Gateway by the type the component registers", () => {
    const gateway = readFileSync(path.join(REPO, "provider/components/gateway.ts"), "utf8");

    expect(gateway).toContain(`super("${KEYWAY_TYPES.gateway}", name, args, opts)`);
  });
});

describe("the pack as npm ships it", () => {
  it("is in the package: the policy-pack folder, and the policies under keyway/policy", () => {
    const packPackage = JSON.parse(readFileSync(path.join(REPO, "policy-pack/package.json"), "utf8"));

    expect(rootPackage.files).toContain("policy-pack/");
    expect(rootPackage.exports["./policy"]).toEqual({
      types: "./dist/provider/policy/index.d.ts",
      default: "./dist/provider/policy/index.js",
    });
    expect(rootPackage.dependencies["@pulumi/policy"]).toBe("1.21.0");
    // PolicyPack reports the version of the package.json in its own folder.
    expect(packPackage).toMatchObject({ version: rootPackage.version, main: "index.js" });
    expect(readFileSync(path.join(REPO, "policy-pack/PulumiPolicy.yaml"), "utf8")).toMatch(
      /^runtime: nodejs$/m,
    );
  });

  it("loading keyway/policy starts no analyzer server (only the pack entry does)", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["-e", 'const p = require("keyway/policy"); console.log(p.keywayPolicies.length)'],
      { cwd: REPO, timeout: 20_000 },
    );

    expect(stdout).toBe("6\n");
  });
});

/** The pack as the Pulumi CLI runs it: `run-policy-pack <engine> . --pwd <pack>`, one analyzer on a port. */
async function startPack(projectDir: string, packDir: string) {
  const script = createRequire(path.join(projectDir, "package.json")).resolve(
    "@pulumi/pulumi/cmd/run-policy-pack",
  );
  const child = spawn(process.execPath, [script, "127.0.0.1:1", ".", "--pwd", packDir], {
    cwd: projectDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port within 20 s\n${stdout}\n${stderr}`)), 20_000);
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n")[0] ?? "";
      if (stdout.includes("\n")) {
        clearTimeout(timer);
        const port = Number(line.trim());
        Number.isInteger(port) && port > 0
          ? resolve(port)
          : reject(new Error(`not a port: ${stdout}${stderr}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`pack exited (${code})\n${stdout}\n${stderr}`)));
  });
  return {
    child,
    port,
    client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
    output: () => ({ stdout, stderr }),
  };
}

async function stopPack(pack: { child: ChildProcess; client: AnalyzerClient } | undefined) {
  if (!pack) return;
  pack.client.close();
  if (pack.child.exitCode !== null) return;
  const exited = new Promise((resolve) => pack.child.once("exit", resolve));
  pack.child.kill("SIGTERM");
  await exited;
}

function call<Response>(
  send: (callback: (error: grpc.ServiceError | null, response: Response) => void) => void,
) {
  return new Promise<Response>((resolve, reject) =>
    send((error, response) => (error ? reject(error) : resolve(response))),
  );
}

function analyzeRequest(resource: TestResource): analyzerPb.AnalyzeRequest {
  const request = new analyzerPb.AnalyzeRequest();
  request.setType(resource.type);
  request.setName(resource.name);
  request.setUrn(urnOf(resource));
  request.setProperties(Struct.fromJavaScript(resource.props as never));
  request.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return request;
}

async function diagnostics(client: AnalyzerClient, resource: TestResource) {
  const response = await call<analyzerPb.AnalyzeResponse>((callback) =>
    client.analyze(analyzeRequest(resource), callback),
  );
  return response.getDiagnosticsList().map((diagnostic) => ({
    policy: diagnostic.getPolicyname(),
    level: diagnostic.getEnforcementlevel(),
    message: diagnostic.getMessage(),
  }));
}

describe("the pack entry served as `pulumi preview --policy-pack policy-pack` runs it", () => {
  let pack: Awaited<ReturnType<typeof startPack>> | undefined;
  beforeAll(async () => {
    pack = await startPack(REPO, path.join(REPO, "policy-pack"));
  }, 30_000);
  afterAll(() => stopPack(pack));

  it("serves one pack named keyway at keyway's version, with every policy, level and config schema", async () => {
    const info = await call<analyzerPb.AnalyzerInfo>((callback) =>
      pack?.client.getAnalyzerInfo(new Empty(), callback),
    );

    expect(info.getName()).toBe(KEYWAY_POLICY_PACK_NAME);
    expect(info.getVersion()).toBe(rootPackage.version);
    expect(info.getSupportsconfig()).toBe(true);
    expect(info.getPoliciesList().map((policy) => [policy.getName(), policy.getEnforcementlevel()])).toEqual(
      keywayPolicies.map((policy) => [
        policy.name,
        policy.enforcementLevel === "mandatory" ? MANDATORY : ADVISORY,
      ]),
    );
    const cors = info.getPoliciesList().find((policy) => policy.getName() === "gateway-cors-allowed-origins");
    expect(cors?.getConfigschema()?.getProperties()?.toJavaScript()).toHaveProperty("allowedOrigins");
    // Exactly one analyzer: the port, and nothing about a second pack.
    expect(pack?.output().stdout.trim()).toBe(String(pack?.port));
    expect(pack?.output().stderr).not.toContain("Already serving");
  });

  it("reports a violation with the policy's level; an unknown configurationId is no violation", async () => {
    const client = pack?.client as AnalyzerClient;
    const missing = accessKey("web");
    delete missing.props.configurationId;

    const results = [
      await diagnostics(client, missing),
      await diagnostics(client, accessKey("web", { configurationId: UNKNOWN_VALUE })),
    ];

    expect(results).toEqual([
      [
        {
          policy: "access-key-has-configuration",
          level: MANDATORY,
          message: expect.stringContaining('AccessKey "web" has no configurationId'),
        },
      ],
      [],
    ]);
  });

  it("turns an undecided policy into the SDK's advisory preview note, next to real violations", async () => {
    const client = pack?.client as AnalyzerClient;
    const unknownKeys = { provider: "anthropic", steps: [{ type: "user", keys: UNKNOWN_VALUE }] };
    const prod = configuration("prod", { router: { rules: [unknownKeys, openaiRule(["kwpk_only"])] } });

    const result = await diagnostics(client, prod);

    expect(result).toEqual([
      {
        policy: "routing-rule-has-failover",
        level: ADVISORY,
        message: expect.stringContaining("router.rules[1] (provider openai) has a single provider key"),
      },
      {
        policy: "routing-rule-has-failover",
        level: ADVISORY,
        message: expect.stringContaining(
          "can't run policy 'routing-rule-has-failover' from policy pack 'keyway@v",
        ),
      },
    ]);
  });

  it("takes levels and options from the policy pack configuration (--policy-pack-config)", async () => {
    const client = pack?.client as AnalyzerClient;
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    const cors = new analyzerPb.PolicyConfig();
    cors.setEnforcementlevel(MANDATORY);
    cors.setProperties(Struct.fromJavaScript({ allowedOrigins: ["https://app.example.com"] }));
    const disabled = new analyzerPb.PolicyConfig();
    disabled.setEnforcementlevel(analyzerPb.EnforcementLevel.DISABLED);
    disabled.setProperties(Struct.fromJavaScript({}));
    request.getPolicyconfigMap().set("gateway-cors-allowed-origins", cors);
    request.getPolicyconfigMap().set("access-key-has-configuration", disabled);
    await call((callback) => client.configure(request, callback));
    const missing = accessKey("web");
    delete missing.props.configurationId;

    const results = [
      await diagnostics(client, gatewayFunctionUrl({ cors: corsFor(["https://app.example.com"]) })),
      await diagnostics(client, gatewayFunctionUrl({ cors: corsFor(["https://other.example.com"]) })),
      await diagnostics(client, missing),
    ];

    expect(results).toEqual([
      [],
      [
        {
          policy: "gateway-cors-allowed-origins",
          level: MANDATORY,
          message: expect.stringContaining("https://other.example.com (listed: https://app.example.com)"),
        },
      ],
      [],
    ]);
  });
});

describe("the pack from keyway installed with npm", () => {
  it("starts from node_modules/keyway/policy-pack and serves the same policies", async () => {
    const project = await installPackedKeyway();
    const pack = await startPack(project.dir, path.join(project.dir, "node_modules/keyway/policy-pack"));
    try {
      const info = await call<analyzerPb.AnalyzerInfo>((callback) =>
        pack.client.getAnalyzerInfo(new Empty(), callback),
      );
      const missing = accessKey("web");
      delete missing.props.configurationId;

      expect(info.getPoliciesList().map((policy) => policy.getName())).toEqual(
        keywayPolicies.map((policy) => policy.name),
      );
      expect((await diagnostics(pack.client, missing)).map((diagnostic) => diagnostic.policy)).toEqual([
        "access-key-has-configuration",
      ]);
    } finally {
      await stopPack(pack);
    }
  }, 600_000);
});
