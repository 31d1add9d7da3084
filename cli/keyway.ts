#!/usr/bin/env node
/**
 * The `keyway` command.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDiff } from "./diff";
import { serve } from "./serve";
import { type CommandIo, runValidate } from "./validate";

const packageRoot = join(__dirname, "..", "..");

const HELP = `keyway: a self-hosted AI gateway you own as code

Usage:
  keyway serve [--config keyway.yaml] [--port 8787] [--host 127.0.0.1]
                      run the gateway locally. Without --config it reads ./keyway.yaml, else provider
                      keys from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...), else it runs
                      a demo with a bundled upstream. --port 0 picks a free port.
  keyway validate [paths...] [--format human|github|json] [--keys <file>]
                      check configuration files, key catalogues and keyway serve files; every
                      problem with file, line and column. Exit 1 on errors, 2 on usage errors.
  keyway diff <base> <head> | --git <a>..<b> <folder> [--format human|markdown|json]
                      what a routing change does to traffic, widenings first
  keyway schema       print the access-key configuration JSON Schema
  keyway --version    print the version
  keyway --help       show this help
`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(HELP);
      return 0;
    case "--version":
    case "-v":
      process.stdout.write(
        `${JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version}\n`,
      );
      return 0;
    case "schema":
      process.stdout.write(readFileSync(join(packageRoot, "contract", "configuration.schema.json"), "utf8"));
      return 0;
    case "serve":
      return runServe(rest);
    case "validate":
      return runValidate(rest, commandIo());
    case "diff":
      return runDiff(rest, commandIo());
    default:
      process.stderr.write(`keyway: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

function commandIo(): CommandIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string", short: "c" },
      port: { type: "string", short: "p", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`keyway serve: --port must be a number from 0 to 65535, got "${values.port}"\n`);
    return 2;
  }
  const running = await serve(
    { config: values.config, port, host: values.host },
    {
      env: process.env,
      stdout: (line) => process.stdout.write(line),
      stderr: (line) => process.stderr.write(line),
    },
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.close();
  return 0;
}

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(`keyway needs Node.js 22 or newer; this is ${process.version}\n`);
  process.exitCode = 1;
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${message.startsWith("keyway") ? message : `keyway: ${message}`}\n`);
      process.exitCode = 1;
    },
  );
}
