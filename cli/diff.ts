/** `keyway diff <base> <head>` and `keyway diff --git <range> <folder>`: the command line around diffConfigurationSets. */
import { parseArgs } from "node:util";
import { diffConfigurationSets } from "./diff-configurations";
import { DIFF_FORMATS, type DiffFormat, renderChanges } from "./diff-output";
import { DiffSourceError, readGitRevisions, readPaths } from "./diff-sources";
import type { CommandIo } from "./validate";

export const DIFF_HELP = `Usage: keyway diff <base> <head> [--format human|markdown|json] [--exit-code]
       keyway diff --git <rev-a>..<rev-b> <folder> [...]

Says in plain language what a routing change does to traffic, per configuration: providers and
models newly allowed or blocked, failover order, keys into and out of rotation, steps, timeouts,
configurations added, removed or renamed. Widenings of what may be called are listed first, as
needing attention. Formatting-only changes print nothing.

  <base> <head>            two configuration files, or two folders of them
  --git a..b <folder>      the folder at two git revisions (an empty side is HEAD)
  --git a...b <folder>     b against its merge base with a: what a pull request changes
  --git a <folder>         revision a against the files on disk
  --format human           text for a terminal (default)
  --format markdown        a pull-request comment
  --format json            [{ configuration, file, kind, detail, attention }]
  --exit-code              exit 1 when there are changes (as git diff --exit-code)

Exit status: 0 (with or without changes, unless --exit-code), 2 on a usage error.
`;

/**
 * @example
 * process.exitCode = runDiff(["--git", "origin/main...HEAD", "routing"], io);
 */
export function runDiff(args: string[], io: CommandIo): number {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", short: "f", default: "human" },
        git: { type: "string" },
        "exit-code": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(DIFF_HELP);
      return 0;
    }
    const format = values.format as DiffFormat;
    if (!DIFF_FORMATS.includes(format)) {
      throw new DiffSourceError(
        `--format must be one of ${DIFF_FORMATS.join(", ")}, got ${JSON.stringify(values.format)}`,
      );
    }
    const sides = readSides(values.git, positionals);
    const changes = diffConfigurationSets(sides.base, sides.head);
    io.stdout(renderChanges(changes, format));
    return values["exit-code"] && changes.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof DiffSourceError) && !isArgumentError(error)) throw error;
    io.stderr(`keyway diff: ${error.message}\nRun keyway diff --help for usage.\n`);
    return 2;
  }
}

function readSides(range: string | undefined, positionals: string[]) {
  if (range !== undefined) {
    if (positionals.length !== 1)
      throw new DiffSourceError("--git needs one folder, e.g. keyway diff --git main..HEAD routing");
    return readGitRevisions(range, positionals[0] as string);
  }
  if (positionals.length !== 2)
    throw new DiffSourceError("name a base and a head (two files or two folders), or use --git");
  return readPaths(positionals[0] as string, positionals[1] as string);
}

/** node:util parseArgs rejects an unknown option or a missing value with these codes. */
export function isArgumentError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
