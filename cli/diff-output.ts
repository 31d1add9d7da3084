/** `keyway diff`'s outputs: text for a terminal, Markdown for a pull-request comment, JSON for tools. */
import type { Change } from "./diff-change";

export const DIFF_FORMATS = ["human", "markdown", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderChanges(changes: readonly Change[], format: DiffFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(
        changes.map(({ configuration, file, kind, detail, attention }) => ({
          configuration,
          file,
          kind,
          detail,
          attention,
        })),
        null,
        2,
      )}\n`;
    case "markdown":
      return markdown(changes);
    case "human":
      return human(changes);
  }
}

function human(changes: readonly Change[]): string {
  if (changes.length === 0) return "keyway diff: no routing changes\n";
  const lines = [`keyway diff: ${headline(changes)}`];
  const attention = changes.filter((change) => change.attention);
  if (attention.length > 0) {
    lines.push("", "NEEDS ATTENTION");
    for (const change of attention) lines.push(`  ${change.configuration}: ${change.detail}`);
  }
  for (const [configuration, own] of byConfiguration(changes)) {
    lines.push("", `${configuration} (${own[0]?.file})`);
    for (const change of own) lines.push(`  ${change.attention ? "!" : "-"} ${change.detail}`);
  }
  return `${lines.join("\n")}\n`;
}

function markdown(changes: readonly Change[]): string {
  const lines = ["### keyway diff: routing changes", ""];
  if (changes.length === 0) return `${[...lines, "No routing changes."].join("\n")}\n`;
  lines.push(`${headline(changes)}.`);
  const attention = changes.filter((change) => change.attention);
  if (attention.length > 0) {
    lines.push("", "#### Needs attention", "");
    for (const change of attention)
      lines.push(`- **${escapeMarkdown(change.configuration)}**: ${escapeMarkdown(change.detail)}`);
  }
  for (const [configuration, own] of byConfiguration(changes)) {
    lines.push("", `#### ${escapeMarkdown(configuration)}`, "", `\`${own[0]?.file}\``, "");
    for (const change of own)
      lines.push(`- ${change.attention ? "**needs attention**: " : ""}${escapeMarkdown(change.detail)}`);
  }
  return `${lines.join("\n")}\n`;
}

function headline(changes: readonly Change[]): string {
  const configurations = byConfiguration(changes).size;
  const attention = changes.filter((change) => change.attention).length;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const needs =
    attention === 0 ? "none needs attention" : `${attention} ${attention === 1 ? "needs" : "need"} attention`;
  return `${count(changes.length, "change")} in ${count(configurations, "configuration")}, ${needs}`;
}

function byConfiguration(changes: readonly Change[]): Map<string, Change[]> {
  const grouped = new Map<string, Change[]>();
  for (const change of changes)
    grouped.set(change.configuration, [...(grouped.get(change.configuration) ?? []), change]);
  return grouped;
}

/** Markdown's inline specials, so key names like `openai_primary` are not read as emphasis. */
function escapeMarkdown(text: string): string {
  return text.replaceAll(" -> ", " → ").replace(/[\\`*_[\]<>|#]/g, (character) => `\\${character}`);
}
