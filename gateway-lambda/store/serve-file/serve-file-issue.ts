/** A problem in a `keyway serve` file, located for people (file, line, column) and tools (JSON pointer). */
import { formatLocatedIssue, type LocatedIssue } from "./located-issue";

export type ServeFileIssue = LocatedIssue;

/**
 * One line, in the `file:line:column` form editors and terminals link to.
 *
 * @example
 * formatServeFileIssue(issue); // 'keyway.yaml:12:11: error: accessKeys[0].configurationId: unknown configuration "prd"; did you mean "prod"?'
 */
export const formatServeFileIssue: (issue: ServeFileIssue) => string = formatLocatedIssue;

/** Thrown by the file store when the file cannot be served; `issues` holds every problem found. */
export class ServeFileError extends Error {
  override readonly name = "ServeFileError";
  readonly issues: readonly ServeFileIssue[];

  constructor(file: string, issues: readonly ServeFileIssue[], options?: { cause?: unknown }) {
    const errors = issues.filter((issue) => issue.severity === "error").length;
    const count = errors === 1 ? "1 error" : `${errors} errors`;
    super(
      `keyway: ${file} is not valid (${count}):\n${issues.map(formatServeFileIssue).join("\n")}`,
      options,
    );
    this.issues = issues;
  }
}
