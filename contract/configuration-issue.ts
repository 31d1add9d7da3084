/** A problem found in an access-key configuration, located both for people and for tools. */
export interface ConfigurationIssue {
  /** JavaScript-style location: `router.rules[0].steps[0].keys`; `""` for the configuration itself. */
  path: string;
  /**
   * JSON pointer (RFC 6901): `/router/rules/0/steps/0/keys`, to map the issue to a line in a YAML or
   * JSON file. For a missing field it names the field, so map it to its nearest existing parent.
   */
  pointer: string;
  /** What to change, in words a user understands. */
  message: string;
  /** Errors make a configuration invalid; warnings point at something that probably isn't meant. */
  severity: "error" | "warning";
}

/**
 * One line for people: `<path>: <message>` (just the message for the configuration itself).
 *
 * @example
 * formatIssue({ path: "name", pointer: "/name", message: "is required", severity: "error" }); // "name: is required"
 */
export function formatIssue(issue: ConfigurationIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

/**
 * Thrown by callers that cannot continue with an invalid configuration; `issues` holds every problem and
 * the message lists them one per line (warnings marked as such).
 *
 * @example
 * const result = validateConfiguration(input);
 * if (!result.ok) throw new ConfigurationError(result.issues);
 */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  readonly issues: readonly ConfigurationIssue[];

  constructor(issues: readonly ConfigurationIssue[], options?: { cause?: unknown }) {
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    const lines = issues.map(
      (issue) => (issue.severity === "warning" ? "warning: " : "") + formatIssue(issue),
    );
    super(`Invalid access-key configuration (${count}):\n${lines.join("\n")}`, options);
    this.issues = issues;
  }
}

/** A location inside a configuration: property names and array indexes. */
export type Location = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function locationPath(location: Location): string {
  let path = "";
  for (const segment of location) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

export function locationPointer(location: Location): string {
  return location
    .map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

export function createIssue(
  location: Location,
  message: string,
  severity: ConfigurationIssue["severity"] = "error",
): ConfigurationIssue {
  return { path: locationPath(location), pointer: locationPointer(location), message, severity };
}

/** A value as the user wrote it, shortened. */
export function display(value: unknown): string {
  const text = typeof value === "string" && value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(text) ?? String(value);
}
