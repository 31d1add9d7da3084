import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { createPluginClient } from "./plugin-client";
import type { DynamicProviderPlugin, StartPluginOptions } from "./plugin-types";

/**
 * Starts the plugin the way the engine does: `node <cmd/dynamic-provider> <engine address>`, then
 * reads the port from its first stdout line and sends Configure.
 *
 * The engine-address argument must be present (the plugin exits with "fatal: Missing <engine>
 * address" otherwise) but is never used: the plugin opens no connection to the engine, and
 * `pulumi.log` inside provider code falls back to the console (it would only reach the engine if
 * PULUMI_NODEJS_ENGINE were set). So provider logs end up on the plugin's stdout/stderr, captured here.
 *
 * A `require()` inside a provider method resolves from the plugin's cwd: the plugin loads
 * `__provider` with require-from-string 2.0.2, which builds the module's lookup paths from
 * `Module._nodeModulePaths(path.dirname(""))`, i.e. `<cwd>/node_modules` and its parents.
 *
 * @example
 * const plugin = await startDynamicProviderPlugin({ env: { AWS_ENDPOINT_URL: endpoint } });
 * const checked = await plugin.check(urn, {}, resource.wireInputs);
 * const created = await plugin.create(urn, checked.inputs);
 * await plugin.stop();
 */
export async function startDynamicProviderPlugin(
  options: StartPluginOptions = {},
): Promise<DynamicProviderPlugin> {
  const cwd = options.cwd ?? path.resolve(__dirname, "../../..");
  const script = createRequire(path.join(cwd, "package.json")).resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const port = await readPort(
    child,
    options.startTimeoutMs ?? 15_000,
    () => stderr,
    (rest) => {
      stdout += rest;
    },
  );
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });

  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const plugin = createPluginClient(client, child, port, script, () => ({ stdout, stderr }));
  await plugin.configure({ variables: options.config, secretKeys: options.secretConfigKeys });
  return plugin;
}

function readPort(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
  rest: (text: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.kill("SIGKILL");
      reject(
        new Error(
          `dynamic-provider plugin ${reason}\n--- stdout ---\n${buffered}\n--- stderr ---\n${stderr()}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline === -1) return;
      const port = Number(buffered.slice(0, newline).trim());
      if (!Number.isInteger(port) || port <= 0) return fail("printed no port");
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      rest(buffered.slice(newline + 1));
      resolve(port);
    };
    const onExit = (code: number | null) => fail(`exited (code ${code}) before printing its port`);
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}
