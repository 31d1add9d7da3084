// npm run bench, cold start: the gateway bundle (what keyway.Gateway deploys) against an empty Lambda
// handler, each loaded and serving one request in a fresh `node` per sample, interleaved, medians.
// The bundle's first request loads the namespace's snapshot from Secrets Manager (moto_server) and
// calls an upstream, as after a real cold start. Run after `npm run build` (dist/ is bundled, as from
// an installed keyway). Targets (issue #4): bundle under 600 KB minified; first request served under
// 150 ms later than the empty handler's.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(join(root, "package.json"));
const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 15);
const MAX_BUNDLE_BYTES = 600 * 1024;
const MAX_FIRST_REQUEST_OVER_EMPTY_MS = 150;
const children = [];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const verdict = (ok) => (ok ? "met" : "NOT MET");

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** moto_server on a free port (as test/setup/start-moto.ts does for the tests). */
async function startMoto() {
  const executable = process.env.KEYWAY_MOTO_SERVER ?? join(root, ".venv", "bin", "moto_server");
  const port = await freePort();
  const child = spawn(executable, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  children.push(child);
  child.once("error", (error) => {
    process.stderr.write(`cold start: cannot run ${executable} (npm test installs it): ${error.message}\n`);
    process.exit(1);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return endpoint;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not start on ${endpoint}`);
}

async function startUpstream() {
  const child = spawn(process.execPath, [join(here, "upstream-server.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const output = await new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      if (seen.includes('"port"')) resolve(seen);
    });
    child.once("exit", (code) => reject(new Error(`upstream exited ${code}`)));
  });
  return `http://127.0.0.1:${JSON.parse(output).port}`;
}

/** A provider key, a configuration and an access key in moto, created with keyway's provider code. */
async function provision(endpoint, namespace) {
  const { SecretsManagerClient } = require("@aws-sdk/client-secrets-manager");
  const runtime = (name) => require(join(root, "dist", "provider", "runtime", name));
  const client = new SecretsManagerClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const keys = runtime("provider-key-provider.js").createProviderKeyProvider(() => client);
  const configurations = runtime("access-key-configuration-provider.js").createAccessKeyConfigurationProvider(
    () => client,
  );
  const accessKeys = runtime("access-key-provider.js").createAccessKeyProvider(() => client);
  const key = await keys.check(
    {},
    { namespace, providerId: "openai", name: "primary", value: "sk-cold-start-000000000000000001" },
  );
  const { id: keyId } = await keys.create(key.inputs);
  const configuration = await configurations.check(
    {},
    {
      namespace,
      name: "prod",
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: keyId }] }] }] },
    },
  );
  const { id: configurationId } = await configurations.create(configuration.inputs);
  const access = await accessKeys.check({}, { namespace, name: "bench", configurationId });
  const { outs } = await accessKeys.create(access.inputs);
  client.destroy();
  return outs.token;
}

/** One fresh `node` loading `file` and serving `event` once; times in ms since that process started. */
function sample(file, event, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(here, "cold-start-sample.mjs"), file, JSON.stringify(event)],
      {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.once("exit", (code) => {
      // The gateway logs its request line to stdout first; the sample's result is the last line.
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith('{"startedMs"')) resolve(JSON.parse(last));
      else reject(new Error(`cold-start sample for ${file} exited ${code}: ${err || out}`));
    });
  });
}

async function main() {
  const { bundleGateway } = require(join(root, "dist", "provider", "components", "gateway-bundle.js"));
  const bundle = bundleGateway();
  const [motoEndpoint, upstreamUrl] = await Promise.all([startMoto(), startUpstream()]);
  const namespace = `cold-start-${process.pid}`;
  const token = await provision(motoEndpoint, namespace);

  const dir = await mkdtemp(join(tmpdir(), "keyway-cold-start-"));
  const bundleFile = join(dir, "index.js");
  const emptyFile = join(dir, "empty.js");
  await writeFile(bundleFile, bundle.code);
  await writeFile(emptyFile, 'exports.handler = async () => ({ statusCode: 200, headers: {}, body: "" });\n');
  const event = {
    version: "2.0",
    rawPath: "/v1/chat/completions",
    rawQueryString: "",
    headers: {
      host: "abcdefghij.lambda-url.us-east-1.on.aws",
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
    },
    requestContext: { http: { method: "POST", path: "/v1/chat/completions" } },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
    isBase64Encoded: false,
  };
  const env = {
    PATH: process.env.PATH ?? "",
    AWS_ENDPOINT_URL: motoEndpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    KEYWAY_NAMESPACE: namespace,
    KEYWAY_PROVIDERS: JSON.stringify([{ id: "openai", baseUrl: `${upstreamUrl}/v1` }]),
  };

  // One discarded round warms the file cache; then the two alternate so drift hits both alike.
  const runs = { empty: [], bundle: [] };
  for (let round = -1; round < SAMPLES; round++) {
    const empty = await sample(emptyFile, event, env);
    const served = await sample(bundleFile, event, env);
    if (served.statusCode !== 200) throw new Error(`the bundle answered ${served.statusCode}, not 200`);
    if (round >= 0) {
      runs.empty.push(empty);
      runs.bundle.push(served);
    }
  }
  await rm(dir, { recursive: true, force: true });

  const pick = (name, field) => median(runs[name].map(field));
  const load = (run) => run.loadedMs - run.startedMs;
  const firstRequest = (run) => run.servedMs - run.loadedMs;
  const served = (run) => run.servedMs;
  const overEmpty = pick("bundle", served) - pick("empty", served);
  const lines = [
    "",
    `cold start (node ${process.version}, ${SAMPLES} fresh processes each, medians, ms since process start)`,
    "",
    "handler    node started ms  load ms (cpu)  first request ms (cpu)  served at ms",
    ...["empty", "bundle"].map((name) => {
      const timing = (field, cpu) =>
        `${fmt(pick(name, field))} (${fmt(pick(name, (run) => run[cpu]))})`.padStart(
          cpu === "loadCpuMs" ? 13 : 22,
        );
      return [
        name.padEnd(10),
        fmt(pick(name, (run) => run.startedMs)).padStart(15),
        timing(load, "loadCpuMs"),
        timing(firstRequest, "requestCpuMs"),
        fmt(pick(name, served)).padStart(12),
      ].join("  ");
    }),
    "",
    `  bundle size: ${bundle.bytes} bytes (${fmt(bundle.bytes / 1024)} KB minified, target < 600 KB): ${verdict(bundle.bytes < MAX_BUNDLE_BYTES)}`,
    `  load: ${fmt(pick("bundle", load) / pick("empty", load), 1)}x the empty handler's; served at ${fmt(pick("bundle", served) / pick("empty", served), 2)}x the empty handler's time`,
    `  first request (snapshot from moto + upstream call) served ${fmt(overEmpty)} ms after the empty handler's (target <= ${MAX_FIRST_REQUEST_OVER_EMPTY_MS}): ${verdict(overEmpty <= MAX_FIRST_REQUEST_OVER_EMPTY_MS)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill("SIGTERM");
  });
