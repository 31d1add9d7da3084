import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runKeyway } from "./run-keyway";

const GITOPS = resolve("test/fixtures/gitops");

/** `keyway validate` run in the fixture repos, so paths read as a user's would. */
function validate(args: string[], cwd = GITOPS) {
  return runKeyway(["validate", ...args], { cwd });
}

describe("keyway validate (the built CLI)", () => {
  it("exits 0 on a clean folder and says so", () => {
    const run = validate(["valid/routing"]);

    expect(run).toEqual({ status: 0, stdout: "keyway validate: 4 files checked, no problems\n", stderr: "" });
  });

  it("exits 0 with warnings only, printing them", () => {
    const run = validate(["broken/routing/single-key.yaml", "broken/routing/allow-all.yaml"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        "broken/routing/single-key.yaml:6:7: warning: router.rules[0]: only one key (anthropic-main) serves this rule, so there is no failover when it fails; add a second key",
        "broken/routing/allow-all.yaml:2:1: warning: access: is not set, so this configuration allows every provider and model; restrict access.providers.allow or access.models.allow",
        "keyway validate: 2 files checked, 0 errors, 2 warnings",
        "",
      ].join("\n"),
    );
  });

  it("exits 1 with errors, every one with file, line and column, then a summary", () => {
    const run = validate(["broken/routing"]);

    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toContain(
      'broken/routing/unknown-key.yaml:9:25: error: router.rules[0].steps[0].keys[0].key: unknown provider key "openai-primar"; did you mean "openai-primary"? Known keys (from broken/routing/keyway.keys.yaml): openai-primary, openai-backup, anthropic-main, anthropic-backup',
    );
    expect(lines).toContain(
      'broken/routing/wrong-provider-key.yaml:9:50: error: router.rules[0].steps[0].keys[1].key: provider key "openai-backup" is a "openai" key, but this rule routes "anthropic"; use a key of that provider',
    );
    expect(lines).toHaveLength(29);
    expect(lines.at(-1)).toBe("keyway validate: 26 files checked, 24 errors, 4 warnings");
    expect(run.stdout).not.toContain("NEVERprint");
  });

  it("writes GitHub workflow annotations with --format github", () => {
    const run = validate([
      "--format",
      "github",
      "broken/routing/unknown-key.yaml",
      "broken/routing/single-key.yaml",
    ]);

    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        '::error file=broken/routing/unknown-key.yaml,line=9,col=25,title=keyway validate::router.rules[0].steps[0].keys[0].key: unknown provider key "openai-primar"; did you mean "openai-primary"? Known keys (from broken/routing/keyway.keys.yaml): openai-primary, openai-backup, anthropic-main, anthropic-backup',
        "::warning file=broken/routing/single-key.yaml,line=6,col=7,title=keyway validate::router.rules[0]: only one key (anthropic-main) serves this rule, so there is no failover when it fails; add a second key",
        "keyway validate: 2 files checked, 1 error, 1 warning",
        "",
      ].join("\n"),
    );
  });

  it("writes the issues as JSON with --format json, and nothing else on stdout", () => {
    const run = validate([
      "broken/routing/bad-timeout.yaml",
      "broken/routing/dead-model-rule.yaml",
      "-f",
      "json",
    ]);

    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: "broken/routing/bad-timeout.yaml",
        line: 9,
        column: 10,
        severity: "error",
        path: "timeouts.total",
        message: '"2h" is not a duration; write a whole number followed by ms, s or m, e.g. "120s"',
      },
      {
        file: "broken/routing/dead-model-rule.yaml",
        line: 9,
        column: 7,
        severity: "warning",
        path: "router.rules[1]",
        message: 'model "openai:gpt-4o" is not in access.models.allow, so this rule never applies',
      },
    ]);
  });

  it("prints an empty JSON array for clean files", () => {
    expect(validate(["valid/routing", "--format=json"])).toEqual({ status: 0, stdout: "[]\n", stderr: "" });
  });

  it("says on stderr, not in the JSON, which files had no key catalogue", () => {
    const run = validate(["--format", "json", "no-catalog/routing"]);

    expect(run).toEqual({
      status: 0,
      stdout: "[]\n",
      stderr:
        "key names not checked in 1 file (no-catalog/routing/staging.yml): no keyway.keys.yaml next to them or above, and no --keys\n",
    });
  });

  it("takes the key names from --keys, inline or from a file", () => {
    const inline = validate([
      "valid/routing/staging.yml",
      "--keys",
      "openai-primary=openai,openai-backup=anthropic",
    ]);
    const file = validate(["no-catalog/routing", "--keys", "valid/routing/keyway.keys.yaml"]);

    expect(inline.status).toBe(1);
    expect(inline.stdout).toContain(
      'valid/routing/staging.yml:9:39: error: router.rules[0].steps[0].keys[0].key: provider key "openai-backup" is a "anthropic" key, but this rule routes "openai"; use a key of that provider',
    );
    expect(file).toEqual({ status: 0, stdout: "keyway validate: 1 file checked, no problems\n", stderr: "" });
  });

  it("checks a keyway serve file with the serve loader, and ./keyway.yaml without paths", () => {
    const run = validate([], `${GITOPS}/broken-serve`);

    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      'keyway.yaml:16:22: error: accessKeys[0].configurationId: unknown configuration "prd"; did you mean "prod"?\n' +
        "keyway validate: 1 file checked, 1 error, 0 warnings\n",
    );
  });

  it.each([
    [[], "keyway validate: name the files or folders to check (no ./keyway.yaml here)"],
    [["nowhere"], "keyway validate: nowhere: no such file or folder"],
    [["broken-serve/missing"], "keyway validate: broken-serve/missing: no such file or folder"],
    [["--format", "xml", "valid"], 'keyway validate: --format must be one of human, github, json, got "xml"'],
    [
      ["--keys", "openai-primary", "valid"],
      "keyway validate: --keys: openai-primary: no such file (or write name=provider,...)",
    ],
    [
      ["--keys", "a=OpenAI", "valid"],
      'keyway validate: --keys: "a=OpenAI" is not name=provider (e.g. openai-primary=openai)',
    ],
    [["--fromat", "json", "valid"], "keyway validate: Unknown option '--fromat'"],
  ])("exits 2 on a usage error: %j", (args, message) => {
    const run = validate(args);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  it("exits 2 for a folder without configuration files", () => {
    const folder = mkdtempSync(join(tmpdir(), "keyway-validate-"));
    writeFileSync(join(folder, "README.md"), "# routing\n");

    const run = validate([folder]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`keyway validate: ${folder}: no .yaml, .yml or .json files in this folder`);
  });

  it("points to its help on a malformed command line", () => {
    expect(validate(["--fromat", "json"]).stderr).toMatch(/Run keyway validate --help for usage\.\n$/);
  });

  it("prints its help", () => {
    const run = validate(["--help"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: keyway validate [paths...]");
  });
});
