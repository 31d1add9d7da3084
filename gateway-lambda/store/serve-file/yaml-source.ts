/**
 * A YAML (or JSON) file read for checking: its data, and what it takes to put a line and column on an
 * issue found in that data. Shared by the serve file, `keyway validate`, `keyway diff` and the
 * configuration-file loader of the Pulumi library.
 */
import { type Document, LineCounter, parseDocument } from "yaml";
import type { ConfigurationIssue } from "../../../contract/configuration-issue";
import type { LocatedIssue } from "./located-issue";
import { positionOf } from "./yaml-positions";

export interface YamlSource {
  /** How issues name the file. */
  path: string;
  /** The document as plain data. */
  value: unknown;
  document: Document;
  lineCounter: LineCounter;
}

export type YamlSourceResult = { ok: true; source: YamlSource } | { ok: false; issues: LocatedIssue[] };

/**
 * Parses a file; on a syntax error, every syntax error located (nothing else can be checked then).
 * Aliases are expanded up to a limit, so a "billion laughs" file is reported rather than expanded.
 *
 * @example
 * const parsed = parseYamlSource(await readFile("routing/prod.yaml", "utf8"), "routing/prod.yaml");
 * if (parsed.ok) console.log(parsed.source.value);
 */
export function parseYamlSource(text: string, path: string): YamlSourceResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxIssue = (offset: number, message: string): LocatedIssue => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, column: col, path: "", pointer: "", message, severity: "error" };
  };
  if (document.errors.length > 0) {
    return { ok: false, issues: document.errors.map((error) => syntaxIssue(error.pos[0], error.message)) };
  }
  try {
    return {
      ok: true,
      source: { path, value: document.toJS({ maxAliasCount: 100 }), document, lineCounter },
    };
  } catch (error) {
    return { ok: false, issues: [syntaxIssue(0, error instanceof Error ? error.message : String(error))] };
  }
}

/**
 * Adds line and column to each issue (an unknown field points at its name, anything else at its
 * value, a missing field at its parent) and sorts them by position.
 */
export function locateIssues(issues: readonly ConfigurationIssue[], source: YamlSource): LocatedIssue[] {
  return issues
    .map((issue) => ({ file: source.path, ...locate(issue, source), ...issue }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function locate(issue: ConfigurationIssue, source: YamlSource): { line: number; column: number } {
  const atKey = issue.message.startsWith("unknown field ");
  return positionOf(source.document, source.lineCounter, source.value, issue.pointer, atKey);
}
