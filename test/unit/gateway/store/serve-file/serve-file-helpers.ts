/** Helpers for the serve-file tests: a YAML template that keeps line numbers, and issues as printed. */
import { loadServeFile } from "../../../../../gateway-lambda/store/serve-file/load-serve-file";
import { formatServeFileIssue } from "../../../../../gateway-lambda/store/serve-file/serve-file-issue";

export const ENV = {
  OPENAI_API_KEY: "sk-proj-OPENAIopenaiOPENAI0123456789",
  OPENAI_BACKUP_API_KEY: "sk-proj-BACKUPbackupBACKUP0123456789",
  ANTHROPIC_API_KEY: "sk-ant-api03-ANTHROPICanthropic0123",
  KEYWAY_WEB_TOKEN: "kw-web-token-0123456789abcdefghijklmnop",
  KEYWAY_TOKEN: "kw-token-0123456789abcdefghijklmnopqrs",
};

/** Lines of YAML without the common indentation, so a test's line numbers are those it shows. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, "");
  const indent = Math.min(
    ...text
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => line.search(/\S/)),
  );
  return text
    .split("\n")
    .map((line) => line.slice(indent))
    .join("\n");
}

export function load(text: string, env: Record<string, string> = ENV) {
  return loadServeFile(text, { path: "keyway.yaml", env, now: 1_000 });
}

/** Every issue as `keyway serve` prints it. */
export function problems(text: string, env: Record<string, string> = ENV): string[] {
  const result = load(text, env);
  return (result.ok ? result.warnings : result.issues).map(formatServeFileIssue);
}

export function snapshotOf(text: string, env: Record<string, string> = ENV) {
  const result = load(text, env);
  if (!result.ok) throw new Error(result.issues.map(formatServeFileIssue).join("\n"));
  return result.snapshot;
}

/** A provider key and a configuration routing to it: lines 1-14. */
export const KEY_AND_CONFIGURATION = yaml`
  providerKeys:
    - id: openai-primary
      providerId: openai
      name: OpenAI primary
      value: \${OPENAI_API_KEY}
  configurations:
    - id: prod
      name: prod
      router:
        rules:
          - provider: openai
            steps:
              - type: user
                keys: [{ id: openai-primary }]
`;
