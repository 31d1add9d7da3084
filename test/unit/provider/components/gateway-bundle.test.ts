import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleGateway,
  forbiddenInputs,
  type GatewayBundle,
  gatewayEntry,
} from "../../../../provider/components/gateway-bundle";
import { installPackedKeyway } from "../../../support/packed-keyway";

const run = promisify(execFile);
const MAX_BYTES = 600 * 1024;
let bundle: GatewayBundle;
let directory: string;

/** Runs a script with a fresh Node in `cwd`, with only the environment given (plus PATH). */
async function node(script: string, cwd: string, env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ["-e", script], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

beforeAll(async () => {
  bundle = bundleGateway();
  directory = await mkdtemp(path.join(tmpdir(), "keyway-bundle-unit-"));
});
afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("bundleGateway", () => {
  it(`makes one minified file under ${MAX_BYTES / 1024} KB and reports its size`, () => {
    expect(bundle.bytes).toBe(Buffer.byteLength(bundle.code));
    expect(bundle.bytes).toBeLessThan(MAX_BYTES);
    expect(bundle.code.length / bundle.code.split("\n").length).toBeGreaterThan(1000); // minified
    expect(bundle.code).not.toContain("sourceMappingURL");
    expect(bundle.sourceMap).toBeUndefined();
  });

  it("carries its own dependencies, the AWS SDK included: it requires nothing but Node's built-ins", () => {
    // Code calls only: the SDK and ajv also mention require("...") inside strings (messages, codegen).
    const calls = bundle.code.matchAll(/(?<![\w$'"`[])require\("([^"]+)"\)/g);
    const required = [...calls].map((match) => match[1] as string);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

    expect(required.length).toBeGreaterThan(10);
    expect(required.filter((name) => !builtins.has(name))).toEqual([]);
    expect(bundle.code).toContain("secretsmanager");
    expect(bundle.code).not.toMatch(/@pulumi\/|pulumi\.ComponentResource/);
  });

  it("links a source map when asked for one, to ship beside the code as index.js.map", () => {
    const mapped = bundleGateway({ sourceMap: true, minify: false });

    expect(mapped.code.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
    expect(JSON.parse(mapped.sourceMap ?? "{}").sources).toContain("handler.ts");
    expect(mapped.bytes).toBeGreaterThan(bundle.bytes);
  });

  it("refuses inputs from @pulumi, provider/ and yaml", () => {
    const entryDir = path.dirname(gatewayEntry());

    const problems = forbiddenInputs(
      [
        "handler.ts",
        "../http/create-gateway.ts",
        "../../contract/ids.ts",
        "../../node_modules/@aws-sdk/client-secrets-manager/dist-es/index.js",
        "../../provider/components/gateway.ts",
        "../../node_modules/@pulumi/pulumi/index.js",
        "../../node_modules/yaml/dist/index.js",
      ],
      entryDir,
    );

    expect(problems).toEqual([
      "../../provider/components/gateway.ts (provider/ is deploy-time code)",
      "../../node_modules/@pulumi/pulumi/index.js (@pulumi/* is deploy-time code)",
      "../../node_modules/yaml/dist/index.js (yaml only serves keyway serve's file store)",
    ]);
  });

  it("loads in a fresh Node process and exports handler and bufferedHandler", async () => {
    await writeFile(path.join(directory, "index.js"), bundle.code);

    const exported = await node(
      'const m = require("./index.js"); console.log(JSON.stringify({ keys: Object.keys(m).sort(), handler: typeof m.handler, same: m.handler === m.bufferedHandler }))',
      directory,
      { KEYWAY_NAMESPACE: "bundle-load" },
    );

    // Without the managed runtime's awslambda global, handler falls back to the buffered one.
    expect(JSON.parse(exported)).toEqual({
      keys: ["bufferedHandler", "handler"],
      handler: "function",
      same: true,
    });
  });
});

describe("bundleGateway from keyway installed as a package", () => {
  it("bundles the compiled gateway from the installed package's dist/", async () => {
    const project = await installPackedKeyway();
    const script = `
      const path = require("node:path");
      const root = path.dirname(require.resolve("keyway/package.json"));
      const { bundleGateway, gatewayEntry } = require(path.join(root, "dist/provider/components/gateway-bundle.js"));
      const bundle = bundleGateway();
      require("node:fs").writeFileSync("gateway-bundle.js", bundle.code);
      console.log(JSON.stringify({ entry: path.relative(root, gatewayEntry()), bytes: bundle.bytes }));
    `;

    const result = JSON.parse(await node(script, project.dir));
    const exported = await node('console.log(typeof require("./gateway-bundle.js").handler)', project.dir, {
      KEYWAY_NAMESPACE: "packed-bundle",
    });

    expect(result.entry).toBe(path.join("dist", "gateway-lambda", "lambda", "handler.js"));
    expect(result.bytes).toBeLessThan(MAX_BYTES);
    expect(exported.trim()).toBe("function");
  }, 300_000);
});
