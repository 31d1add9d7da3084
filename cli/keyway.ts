#!/usr/bin/env node
/**
 * The `keyway` command. Subcommands arrive with their issues (`serve`, `validate`, `diff`); what is
 * here works today.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const packageRoot = join(__dirname, "..", "..");

const HELP = `keyway: a self-hosted AI gateway you own as code

Usage:
  keyway schema       print the access-key configuration JSON Schema
  keyway --version    print the version
  keyway --help       show this help
`;

function main(args: string[]): number {
  const [command] = args;
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
    default:
      process.stderr.write(`keyway: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
