import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  type ConfigurationIssue,
  createIssue,
  formatIssue,
} from "../../../contract/configuration-issue";
import { validateConfiguration } from "../../../contract/validate-configuration";

describe("formatIssue", () => {
  it("prints the path, then the fix", () => {
    const issue = createIssue(["router", "rules", 0, "steps", 0, "keys"], "must have at least 1 key");

    expect(formatIssue(issue)).toBe("router.rules[0].steps[0].keys: must have at least 1 key");
  });

  it("prints only the message for the configuration itself", () => {
    expect(formatIssue(createIssue([], "the configuration must be an object, not null"))).toBe(
      "the configuration must be an object, not null",
    );
  });
});

describe("issue locations", () => {
  it("gives a JavaScript path and a JSON pointer for the same place", () => {
    const issue = createIssue(["router", "rules", 2, "steps"], "is required");

    expect(issue).toEqual<ConfigurationIssue>({
      path: "router.rules[2].steps",
      pointer: "/router/rules/2/steps",
      message: "is required",
      severity: "error",
    });
  });

  it("quotes field names that are not identifiers and escapes them in pointers", () => {
    const issue = createIssue(["access", "a/b~c"], 'unknown field "a/b~c"');

    expect([issue.path, issue.pointer]).toEqual(['access["a/b~c"]', "/access/a~1b~0c"]);
  });

  it("locates unknown fields with odd names in the input", () => {
    const result = validateConfiguration({ name: "odd", "x-owner/team": "platform" });

    expect(result.ok ? [] : result.issues.map((issue) => [issue.path, issue.pointer])).toEqual([
      ['["x-owner/team"]', "/x-owner~1team"],
    ]);
  });
});

describe("ConfigurationError", () => {
  it("lists every issue on its own line and keeps them", () => {
    const issues = [
      createIssue(["name"], "is required"),
      createIssue(["router", "rules", 0, "steps"], "must have at least 1 step"),
      createIssue(["timeouts", "perAttempt"], '"2m" is longer than timeouts.total ("90s")', "warning"),
    ];

    const error = new ConfigurationError(issues);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigurationError");
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe(
      [
        "Invalid access-key configuration (3 problems):",
        "name: is required",
        "router.rules[0].steps: must have at least 1 step",
        'warning: timeouts.perAttempt: "2m" is longer than timeouts.total ("90s")',
      ].join("\n"),
    );
  });

  it("keeps the cause it was given", () => {
    const cause = new SyntaxError("Unexpected token");

    expect(new ConfigurationError([createIssue([], "not JSON")], { cause }).cause).toBe(cause);
  });
});
