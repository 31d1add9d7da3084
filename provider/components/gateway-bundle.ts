import { existsSync } from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";

/** How to bundle the gateway Lambda. */
export interface GatewayBundleOptions {
  /** Minify identifiers, syntax and whitespace. Default `true`. */
  minify?: boolean;
  /**
   * Also produce a source map (mappings only, no sources content). The code then ends with
   * `//# sourceMappingURL=index.js.map`: ship the map beside the code as `index.js.map` and set
   * `NODE_OPTIONS=--enable-source-maps` to get stack traces in the original files. Default `false`.
   */
  sourceMap?: boolean;
}

/** The gateway Lambda as one CommonJS file, to be deployed as `index.js` (handler `index.handler`). */
export interface GatewayBundle {
  code: string;
  /** Present when `sourceMap` was asked for; its file name is `index.js.map`. */
  sourceMap?: string;
  /** Size of `code` in bytes (UTF-8). */
  bytes: number;
}

/** The file name the bundle is written as, which the handler setting and the source map link rely on. */
export const GATEWAY_BUNDLE_FILE = "index.js";

/**
 * Packages that must never reach the Lambda: Pulumi (and the provider code that uses it) has no
 * business at run time, and the YAML parser only serves `keyway serve`'s file store.
 */
const FORBIDDEN_PACKAGES = [
  { pattern: /\/node_modules\/@pulumi\//, reason: "@pulumi/* is deploy-time code" },
  { pattern: /\/node_modules\/yaml\//, reason: "yaml only serves keyway serve's file store" },
];

/**
 * Bundles the gateway Lambda (`gateway-lambda/lambda/handler`) with esbuild into one minified
 * CommonJS file for Node.js 22 that carries its own AWS SDK v3. It runs synchronously
 * (`buildSync`, well under a second), so a Pulumi program gets the code while it builds the
 * resource graph and every deploy ships the code of the installed keyway version.
 *
 * It works from the repository (bundling the TypeScript sources) and from an installed package
 * (bundling the compiled `dist/gateway-lambda`, with the dependencies of the user's project).
 * Throws when the bundle would include deploy-time code (`@pulumi/*`, `provider/`) or `yaml`.
 *
 * @example
 * const bundle = bundleGateway({ sourceMap: true });
 * new aws.lambda.Function("gw", {
 *   handler: "index.handler",
 *   code: new pulumi.asset.AssetArchive({
 *     "index.js": new pulumi.asset.StringAsset(bundle.code),
 *     "index.js.map": new pulumi.asset.StringAsset(bundle.sourceMap ?? ""),
 *   }),
 *   // ...
 * });
 */
export function bundleGateway(options: GatewayBundleOptions = {}): GatewayBundle {
  const entry = gatewayEntry();
  const result = buildSync({
    entryPoints: [entry],
    outfile: GATEWAY_BUNDLE_FILE,
    absWorkingDir: path.dirname(entry),
    bundle: true,
    write: false,
    platform: "node",
    target: "node22",
    format: "cjs",
    // ES module builds of the AWS SDK tree-shake; its CommonJS builds are one file per package.
    mainFields: ["module", "main"],
    minify: options.minify ?? true,
    legalComments: "none",
    sourcemap: options.sourceMap ? "linked" : false,
    sourcesContent: false,
    metafile: true,
    logLevel: "silent",
  });
  const problems = forbiddenInputs(Object.keys(result.metafile.inputs), path.dirname(entry));
  if (problems.length > 0) {
    throw new Error(`keyway: the gateway bundle must not include:\n${problems.join("\n")}`);
  }
  const code = result.outputFiles.find((file) => file.path.endsWith(".js"))?.text;
  if (code === undefined) throw new Error("keyway: esbuild produced no gateway bundle");
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith(".js.map"))?.text;
  return { code, ...(sourceMap !== undefined ? { sourceMap } : {}), bytes: Buffer.byteLength(code) };
}

/**
 * The gateway's entry, next to this file's own location: `gateway-lambda/lambda/handler.ts` in the
 * repository, `dist/gateway-lambda/lambda/handler.js` when keyway runs compiled (from its package).
 */
export function gatewayEntry(): string {
  const base = path.resolve(__dirname, "..", "..", "gateway-lambda", "lambda", "handler");
  for (const extension of [".ts", ".js"]) {
    if (existsSync(base + extension)) return base + extension;
  }
  throw new Error(`keyway: the gateway Lambda entry is missing (${base}.ts or .js); reinstall keyway`);
}

/**
 * The inputs of a gateway bundle that must not be in it, each with the reason. Metafile inputs are
 * relative to the entry's folder (`gateway-lambda/lambda`); keyway's root is two levels up from it.
 */
export function forbiddenInputs(inputs: string[], entryDir: string): string[] {
  const providerDir = path.resolve(entryDir, "..", "..", "provider") + path.sep;
  const problems: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(entryDir, input);
    const normalized = absolute.split(path.sep).join("/");
    const rule = absolute.startsWith(providerDir)
      ? { reason: "provider/ is deploy-time code" }
      : FORBIDDEN_PACKAGES.find(({ pattern }) => pattern.test(normalized));
    if (rule) problems.push(`${input} (${rule.reason})`);
  }
  return problems;
}
