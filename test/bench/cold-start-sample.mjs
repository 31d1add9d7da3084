// One cold start, run in a fresh `node` by cold-start.mjs: loads a Lambda module (require, as the
// runtime does at init), serves one Function URL event through its `handler`, and prints the times in
// ms since this process started (performance.now() counts from the process's time origin), and the CPU
// time of the load and of the request (steadier than wall time on a busy machine).
import { createRequire } from "node:module";

const [file, eventJson] = process.argv.slice(2);
const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const startedMs = performance.now();
const cpuStart = process.cpuUsage();
const module = createRequire(file)(file);
const loadedMs = performance.now();
const loadCpuMs = cpuMs(cpuStart);
const cpuLoaded = process.cpuUsage();
const result = await module.handler(JSON.parse(eventJson), { awsRequestId: "cold-start" });
const servedMs = performance.now();
const requestCpuMs = cpuMs(cpuLoaded);
process.stdout.write(
  JSON.stringify({ startedMs, loadedMs, servedMs, loadCpuMs, requestCpuMs, statusCode: result?.statusCode }),
);
// The gateway's store may hold a refresh timer; the sample is over.
process.exit(0);
