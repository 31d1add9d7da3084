/**
 * A configuration issue located in a file, for people (file, line, column) and tools (JSON pointer).
 * The serve file, `keyway validate` and the configuration-file loader of the Pulumi library print
 * them the same way.
 */
import type { ConfigurationIssue } from "../../../contract/configuration-issue";

export interface LocatedIssue extends ConfigurationIssue {
  /** The file as the caller named it. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * One line, in the `file:line:column` form editors and terminals link to.
 *
 * @example
 * formatLocatedIssue(issue); // 'keyway.yaml:12:11: error: accessKeys[0].configurationId: unknown configuration "prd"; did you mean "prod"?'
 */
export function formatLocatedIssue(issue: LocatedIssue): string {
  const subject = issue.path === "" ? "" : `${issue.path}: `;
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity}: ${subject}${issue.message}`;
}
