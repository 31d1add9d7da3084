import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKeyway } from "./run-keyway";

const CHANGES = resolve("test/fixtures/gitops/changes");

describe("keyway diff (the built CLI)", () => {
  it("compares two files, as the same configuration whatever their names", () => {
    const run = runKeyway([
      "diff",
      `${CHANGES}/failover-order/before/prod.yaml`,
      `${CHANGES}/failover-order/after/prod.yaml`,
    ]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "  - openai: failover order openai-primary, openai-backup -> openai-backup, openai-primary\n",
    );
  });

  it("compares two folders and writes the Markdown comment", () => {
    const run = runKeyway(["diff", "before", "after", "--format", "markdown"], {
      cwd: `${CHANGES}/access-removed`,
    });

    expect(run).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "### keyway diff: routing changes",
        "",
        "1 change in 1 configuration, 1 needs attention.",
        "",
        "#### Needs attention",
        "",
        "- **prod**: access removed: every provider and model is now allowed (was: providers anthropic, openai; models anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
        "",
        "#### prod",
        "",
        "`after/prod.yaml`",
        "",
        "- **needs attention**: access removed: every provider and model is now allowed (was: providers anthropic, openai; models anthropic:claude-sonnet-4-5, openai:gpt-4o, openai:gpt-4o-mini)",
        "",
      ].join("\n"),
    });
  });

  it("exits 1 with --exit-code when something changed, 0 when nothing did", () => {
    const changed = runKeyway(["diff", "--exit-code", "before", "after"], { cwd: `${CHANGES}/timeouts` });
    const same = runKeyway(["diff", "--exit-code", "before", "after"], { cwd: `${CHANGES}/formatting-only` });

    expect(changed.status).toBe(1);
    expect(same).toEqual({ status: 0, stdout: "keyway diff: no routing changes\n", stderr: "" });
  });

  it.each([
    [["diff", "only-one"], "keyway diff: name a base and a head (two files or two folders), or use --git"],
    [["diff", "nowhere", "after"], "keyway diff: nowhere: no such file or folder"],
    [
      ["diff", "before", "after/prod.yaml"],
      "keyway diff: before and after/prod.yaml: compare two files or two folders",
    ],
    [
      ["diff", "--format", "html", "before", "after"],
      'keyway diff: --format must be one of human, markdown, json, got "html"',
    ],
    [
      ["diff", "--git", "main..HEAD"],
      "keyway diff: --git needs one folder, e.g. keyway diff --git main..HEAD routing",
    ],
    [["diff", "--colour", "before", "after"], "keyway diff: Unknown option '--colour'"],
  ])("exits 2 on a usage error: %j", (args, message) => {
    const run = runKeyway(args, { cwd: `${CHANGES}/timeouts` });

    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });
});

describe("keyway diff --git (a repository made by the test)", () => {
  let repository: string;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repository, encoding: "utf8" }).trim();

  beforeAll(() => {
    repository = mkdtempSync(join(tmpdir(), "keyway-diff-git-"));
    git("init", "--quiet", "--initial-branch", "main");
    git("config", "user.email", "platform@example.com");
    git("config", "user.name", "Platform team");
    mkdirSync(join(repository, "routing"));
    cpSync(`${CHANGES}/failover-order/before/prod.yaml`, join(repository, "routing/prod.yaml"));
    cpSync(`${CHANGES}/configuration-set/before/legacy.yaml`, join(repository, "routing/legacy.yaml"));
    git("add", ".");
    git("commit", "--quiet", "-m", "routing");
    // A pull request: swaps the OpenAI keys and drops the legacy configuration.
    git("checkout", "--quiet", "-b", "swap-keys");
    cpSync(`${CHANGES}/failover-order/after/prod.yaml`, join(repository, "routing/prod.yaml"));
    git("rm", "--quiet", "routing/legacy.yaml");
    git("commit", "--quiet", "-am", "swap keys");
    // Meanwhile main moves on with a change of its own, outside the pull request.
    git("checkout", "--quiet", "main");
    cpSync(`${CHANGES}/timeouts/after/prod.yaml`, join(repository, "routing/prod.yaml"));
    git("commit", "--quiet", "-am", "timeouts");
    git("checkout", "--quiet", "swap-keys");
  });

  afterAll(() => {
    rmSync(repository, { recursive: true, force: true });
  });

  it("summarizes the folder between two revisions", () => {
    const run = runKeyway(["diff", "--git", "main~1..swap-keys", "routing"], { cwd: repository });

    expect(run).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "keyway diff: 2 changes in 2 configurations, 1 needs attention",
        "",
        "NEEDS ATTENTION",
        "  legacy: configuration removed; the access keys that use it lose their routing",
        "",
        "legacy (routing/legacy.yaml)",
        "  ! configuration removed; the access keys that use it lose their routing",
        "",
        "prod (routing/prod.yaml)",
        "  - openai: failover order openai-primary, openai-backup -> openai-backup, openai-primary",
        "",
      ].join("\n"),
    });
  });

  it("compares with the merge base for a...b, leaving out what only the base branch changed", () => {
    const direct = runKeyway(["diff", "--git", "main..HEAD", "routing", "--format", "json"], {
      cwd: repository,
    });
    const pullRequest = runKeyway(["diff", "--git", "main...HEAD", "routing", "--format", "json"], {
      cwd: repository,
    });

    const kinds = (stdout: string) => JSON.parse(stdout).map((change: { kind: string }) => change.kind);
    expect(kinds(direct.stdout)).toContain("timeout-changed");
    expect(kinds(pullRequest.stdout)).toEqual(["configuration-removed", "failover-order"]);
  });

  it("compares a revision with the files on disk, from inside the folder", () => {
    writeFileSync(join(repository, "routing/prod.yaml"), "");
    try {
      const run = runKeyway(["diff", "--git", "HEAD", "."], { cwd: join(repository, "routing") });

      expect(run.status).toBe(0);
      expect(run.stdout).toContain("prod (prod.yaml)\n");
    } finally {
      git("checkout", "--quiet", "--", "routing/prod.yaml");
    }
  });

  it("treats a folder that did not exist yet as all new", () => {
    const first = git("rev-list", "--max-parents=0", "HEAD");
    mkdirSync(join(repository, "teams"), { recursive: true });
    cpSync(`${CHANGES}/configuration-set/after/batch.json`, join(repository, "teams/batch.json"));
    git("add", "teams");
    git("commit", "--quiet", "-m", "teams");

    const run = runKeyway(["diff", "--git", `${first}..HEAD`, "teams"], { cwd: repository });

    expect(run.stdout).toBe(
      [
        "keyway diff: 1 change in 1 configuration, none needs attention",
        "",
        "batch (teams/batch.json)",
        "  - new configuration: allows models openai:gpt-4o-mini; routes openai:gpt-4o-mini (openai-backup)",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on an unknown revision", () => {
    const run = runKeyway(["diff", "--git", "mian..HEAD", "routing"], { cwd: repository });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('keyway diff: git rev-parse: unknown revision "mian"');
  });
});
