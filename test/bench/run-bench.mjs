// npm run bench: keyway's overhead measured against a direct call and a minimal pass-through Node
// proxy (the floor for a Node gateway), in one run on this machine. Absolute numbers drift on a
// shared machine; the ratios and differences against the proxy, measured side by side, are the result.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const TOKEN = "kw-bench-token-0123456789abcdefghijklmnop";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const children = [];

function start(args, { ready = /"port"/, stream = "stdout" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let seen = "";
    const source = stream === "stdout" ? child.stdout : child.stderr;
    source.on("data", (chunk) => {
      seen += chunk;
      const match = ready.exec(seen);
      if (match) resolve({ child, match, output: seen });
    });
    // keyway's request log (stdout) is consumed and dropped, as a log shipper would.
    child.stdout.resume();
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${seen}`)));
  });
}

function load(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "load-client.mjs"), JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load client ${code}`)),
    );
  });
}

/** utime + stime of a process, in ms (from /proc; Linux clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((row) => row.startsWith("VmRSS:"));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

async function main() {
  const upstream = await start([join(here, "upstream-server.mjs")]);
  const upstreamPort = JSON.parse(upstream.output).port;
  const proxy = await start([join(here, "passthrough-proxy.mjs"), String(upstreamPort)]);
  const proxyPort = JSON.parse(proxy.output).port;
  const dir = await mkdtemp(join(tmpdir(), "keyway-bench-"));
  const config = join(dir, "keyway.yaml");
  await writeFile(
    config,
    [
      "providers:",
      `  - { id: openai, baseUrl: "http://127.0.0.1:${upstreamPort}/v1" }`,
      "providerKeys:",
      "  - { id: primary, providerId: openai, name: primary, value: sk-bench-primary-000000000000 }",
      "  - { id: backup, providerId: openai, name: backup, value: sk-bench-backup-0000000000000 }",
      "configurations:",
      "  - id: prod",
      "    name: prod",
      "    access: { providers: { allow: [openai] } }",
      "    router: { rules: [{ provider: openai, steps: [{ type: user, keys: [{ id: primary }, { id: backup }] }] }] }",
      "accessKeys:",
      `  - { name: bench, configurationId: prod, token: ${TOKEN} }`,
      "",
    ].join("\n"),
  );
  const keyway = await start(
    [join(root, "dist", "cli", "keyway.js"), "serve", "--port", "0", "--config", config],
    {
      ready: /keyway listening on http:\/\/127\.0\.0\.1:(\d+)/,
      stream: "stderr",
    },
  );
  const keywayPort = keyway.match[1];
  const targets = {
    direct: { url: `http://127.0.0.1:${upstreamPort}/v1/chat/completions` },
    proxy: { url: `http://127.0.0.1:${proxyPort}/v1/chat/completions`, pid: proxy.child.pid },
    keyway: {
      url: `http://127.0.0.1:${keywayPort}/v1/chat/completions`,
      token: TOKEN,
      pid: keyway.child.pid,
    },
  };

  // One unmeasured round first, with the same mix as the measured ones: the targets are compared in
  // their steady state. A small proxy is compiled within a few hundred requests; keyway's request path
  // takes V8 tens of thousands, and the first switch between buffered and streamed traffic
  // deoptimizes code both share. Startup cost is what test/bench/cold-start.mjs measures.
  for (const target of Object.values(targets)) {
    await load({ ...target, requests: 3000, concurrency: 1, warmup: 0 });
    await load({ ...target, requests: 10000, concurrency: 16, warmup: 0 });
    await load({ ...target, requests: 60, concurrency: 4, warmup: 0, stream: true });
  }

  // Rounds alternate the targets so drift on the machine hits all of them alike; medians are kept.
  const results = { c1: {}, c16: {}, stream: {}, cpu: {} };
  const add = (group, name, value) => {
    results[group][name] = [...(results[group][name] ?? []), value];
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, target] of Object.entries(targets)) {
      add("c1", name, await load({ ...target, requests: 3000, concurrency: 1, warmup: 300 }));
      const before = target.pid ? cpuMs(target.pid) : 0;
      const c16 = await load({ ...target, requests: 10000, concurrency: 16, warmup: 500 });
      add("c16", name, c16);
      if (target.pid) add("cpu", name, (cpuMs(target.pid) - before) / (c16.requests + 500));
      add("stream", name, await load({ ...target, requests: 60, concurrency: 4, warmup: 4, stream: true }));
    }
  }
  const pick = (group, name, field) => median(results[group][name].map((result) => result[field]));

  // Memory: keyway's RSS across 20,000 more requests after everything above warmed it up.
  const rssBefore = rssMb(keyway.child.pid);
  const samples = [rssBefore];
  for (let block = 0; block < 4; block++) {
    await load({ ...targets.keyway, requests: 5000, concurrency: 16, warmup: 0 });
    samples.push(rssMb(keyway.child.pid));
  }

  const report = [];
  const line = (text) => report.push(text);
  line(
    `keyway benchmark (node ${process.version}, 1 warm-up round, then ${ROUNDS} measured rounds, medians)`,
  );
  line("");
  line(
    "target    c1 p50 ms  c1 p99 ms  c16 p50 ms  c16 req/s  cpu ms/req  stream first ms  chunk gap p50/p99 ms",
  );
  for (const name of Object.keys(targets)) {
    line(
      `${name.padEnd(9)} ${fmt(pick("c1", name, "p50")).padStart(9)}  ${fmt(pick("c1", name, "p99")).padStart(9)}  ` +
        `${fmt(pick("c16", name, "p50")).padStart(10)}  ${fmt(pick("c16", name, "throughput"), 0).padStart(9)}  ` +
        `${(results.cpu[name] ? fmt(median(results.cpu[name])) : "-").padStart(10)}  ` +
        `${fmt(pick("stream", name, "firstChunkP50"), 2).padStart(15)}  ` +
        `${fmt(pick("stream", name, "chunkGapP50"), 2)}/${fmt(pick("stream", name, "chunkGapP99"), 2)}`,
    );
  }
  const added = (name, field) => pick("c1", name, field) - pick("c1", "direct", field);
  const p50Delta = added("keyway", "p50") - added("proxy", "p50");
  const p99Delta = added("keyway", "p99") - added("proxy", "p99");
  const throughputRatio = pick("c16", "keyway", "throughput") / pick("c16", "proxy", "throughput");
  const gapDelta = Math.max(
    Math.abs(pick("stream", "keyway", "chunkGapP50") - pick("stream", "direct", "chunkGapP50")),
    Math.abs(pick("stream", "keyway", "chunkGapP99") - pick("stream", "direct", "chunkGapP99")),
  );
  const growth = samples.at(-1) - samples[1];
  const verdict = (ok) => (ok ? "met" : "NOT MET");
  line("");
  line("against the pass-through proxy (same run):");
  line(
    `  added latency at c1, p50: keyway ${fmt(added("keyway", "p50"))} ms vs proxy ${fmt(added("proxy", "p50"))} ms: +${fmt(p50Delta)} ms (target <= 0.15): ${verdict(p50Delta <= 0.15)}`,
  );
  line(
    `  added latency at c1, p99: +${fmt(p99Delta)} ms over the proxy (target <= 1): ${verdict(p99Delta <= 1)}`,
  );
  line(
    `  throughput at c16: ${fmt(throughputRatio * 100, 1)}% of the proxy's (target >= 70%): ${verdict(throughputRatio >= 0.7)}`,
  );
  line(
    `  cpu per request: keyway ${fmt(median(results.cpu.keyway))} ms, proxy ${fmt(median(results.cpu.proxy))} ms (ratio ${fmt(median(results.cpu.keyway) / median(results.cpu.proxy), 2)})`,
  );
  line(
    `  streamed chunk gaps vs direct: within ${fmt(gapDelta)} ms (target <= 1): ${verdict(gapDelta <= 1)}`,
  );
  line(
    `  memory over 20,000 requests: RSS ${samples.map((mb) => fmt(mb, 1)).join(" -> ")} MB; growth after the first 5,000: ${fmt(growth, 1)} MB (target: flat, <= 10 MB): ${verdict(growth <= 10)}`,
  );
  process.stdout.write(`${report.join("\n")}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill("SIGTERM");
  });
