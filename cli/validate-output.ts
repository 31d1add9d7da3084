/** `keyway validate`'s three outputs: lines for people, GitHub workflow annotations, JSON for tools. */
import { formatLocatedIssue, type LocatedIssue } from "../gateway-lambda/store/serve-file/located-issue";
import type { ValidateReport } from "./validate-check";

export const VALIDATE_FORMATS = ["human", "github", "json"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

/** What to print: `stdout` carries the result, `stderr` notes that a JSON reader must not see. */
export function renderValidateReport(
  report: ValidateReport,
  format: ValidateFormat,
): { stdout: string; stderr: string } {
  const note = uncheckedNote(report.unchecked);
  switch (format) {
    case "json":
      return {
        stdout: `${JSON.stringify(report.issues.map(jsonIssue), null, 2)}\n`,
        stderr: note ? `${note}\n` : "",
      };
    case "github": {
      const lines = report.issues.map(githubAnnotation);
      if (note) lines.push(`::notice title=keyway validate::${escapeData(note)}`);
      return { stdout: `${[...lines, summary(report)].join("\n")}\n`, stderr: "" };
    }
    case "human": {
      const lines = report.issues.map(formatLocatedIssue);
      if (note) lines.push(`note: ${note}`);
      return { stdout: `${[...lines, summary(report)].join("\n")}\n`, stderr: "" };
    }
  }
}

function jsonIssue(issue: LocatedIssue) {
  const { file, line, column, severity, path, message } = issue;
  return { file, line, column, severity, path, message };
}

/**
 * A workflow command, which GitHub shows on the file's line in the pull request.
 *
 * @example
 * githubAnnotation(issue); // "::error file=routing/prod.yaml,line=7,col=24,title=keyway validate::router.rules[0]...: ..."
 */
export function githubAnnotation(issue: LocatedIssue): string {
  const properties = [
    `file=${escapeProperty(issue.file)}`,
    `line=${issue.line}`,
    `col=${issue.column}`,
    "title=keyway validate",
  ].join(",");
  const text = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
  return `::${issue.severity} ${properties}::${escapeData(text)}`;
}

function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function uncheckedNote(unchecked: readonly string[]): string | undefined {
  if (unchecked.length === 0) return undefined;
  const files = unchecked.length === 1 ? "1 file" : `${unchecked.length} files`;
  return `key names not checked in ${files} (${unchecked.join(", ")}): no keyway.keys.yaml next to them or above, and no --keys`;
}

function summary(report: ValidateReport): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const errors = report.issues.filter((issue) => issue.severity === "error").length;
  const warnings = report.issues.length - errors;
  const found =
    errors + warnings === 0 ? "no problems" : `${count(errors, "error")}, ${count(warnings, "warning")}`;
  return `keyway validate: ${count(report.files, "file")} checked, ${found}`;
}
