/** `keyway validate [paths...]`: the command line around validateFiles. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { type ValidateOptions, validateFiles } from "./validate-check";
import { collectFiles } from "./validate-files";
import { parseInlineKeys } from "./validate-key-catalog";
import { renderValidateReport, VALIDATE_FORMATS, type ValidateFormat } from "./validate-output";

/** What a command needs from its process; tests pass their own. */
export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const VALIDATE_HELP = `Usage: keyway validate [paths...] [--format human|github|json] [--keys <file> | --keys name=provider,...]

Checks access-key configuration files (one per .yaml, .yml or .json file; folders are searched
recursively), key catalogues (keyway.keys.yaml) and keyway serve files, and reports every problem
with its file, line and column. Without paths it checks ./keyway.yaml.

  --format human    file:line:col: error|warning: path: message, then a summary (default)
  --format github   GitHub Actions annotations on the pull request's lines
  --format json     [{ file, line, column, severity, path, message }]
  --keys <file>     the provider key names files may use (name: provider per line); default: the
                    nearest keyway.keys.yaml in a file's folder or above, up to the repository root
  --keys a=openai,b=anthropic
                    the same, inline

Exit status: 0 without errors (warnings allowed), 1 with errors, 2 on a usage error.
`;

/**
 * @example
 * process.exitCode = runValidate(["routing/"], { cwd: process.cwd(), env: process.env, stdout, stderr });
 */
export function runValidate(args: string[], io: CommandIo): number {
  let parsed: ReturnType<typeof parseValidateArgs>;
  try {
    parsed = parseValidateArgs(args);
  } catch (error) {
    io.stderr(
      `keyway validate: ${error instanceof Error ? error.message : String(error)}\nRun keyway validate --help for usage.\n`,
    );
    return 2;
  }
  if (parsed.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  const paths = parsed.paths.length > 0 ? parsed.paths : existsSync("keyway.yaml") ? ["keyway.yaml"] : [];
  if (paths.length === 0) {
    io.stderr(
      `keyway validate: name the files or folders to check (no ./keyway.yaml here)\nRun keyway validate --help for usage.\n`,
    );
    return 2;
  }
  const collected = collectFiles(paths);
  if (!collected.ok) {
    io.stderr(`keyway validate: ${collected.message}\n`);
    return 2;
  }
  const report = validateFiles(collected.files, { keys: parsed.keys, env: io.env, cwd: io.cwd });
  const output = renderValidateReport(report, parsed.format);
  io.stdout(output.stdout);
  if (output.stderr) io.stderr(output.stderr);
  return report.issues.some((issue) => issue.severity === "error") ? 1 : 0;
}

function parseValidateArgs(args: string[]): {
  paths: string[];
  format: ValidateFormat;
  keys: ValidateOptions["keys"];
  help: boolean;
} {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "f", default: "human" },
      keys: { type: "string", short: "k" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const format = values.format as ValidateFormat;
  if (!VALIDATE_FORMATS.includes(format)) {
    throw new Error(
      `--format must be one of ${VALIDATE_FORMATS.join(", ")}, got ${JSON.stringify(values.format)}`,
    );
  }
  return { paths: positionals, format, keys: keysOption(values.keys), help: values.help ?? false };
}

function keysOption(value: string | undefined): ValidateOptions["keys"] {
  if (value === undefined) return undefined;
  if (!value.includes("=")) {
    if (!existsSync(value)) throw new Error(`--keys: ${value}: no such file (or write name=provider,...)`);
    return { file: value };
  }
  const inline = parseInlineKeys(value);
  if (!inline.ok) throw new Error(inline.message);
  return { inline: inline.keys };
}
