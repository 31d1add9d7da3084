import { ERROR_CATALOGUE, type ErrorCatalogueEntry } from "./error-catalogue";

/**
 * The error catalogue as the README's Markdown table (`| Code | HTTP | When |`), so the README can be
 * generated from, or checked against, the codes the gateway really answers with.
 *
 * @example
 * expect(readme).toContain(errorCatalogueMarkdown());
 */
export function errorCatalogueMarkdown(entries: readonly ErrorCatalogueEntry[] = ERROR_CATALOGUE): string {
  const rows = entries.map(
    (entry) =>
      `| \`${entry.code}\` | ${entry.status === "upstream" ? "the provider's" : entry.status} | ${entry.when} |`,
  );
  return ["| Code | HTTP | When |", "|---|---|---|", ...rows].join("\n");
}
