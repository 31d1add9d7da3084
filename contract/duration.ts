const DURATION = /^([0-9]+)(ms|s|m)$/;
const UNIT_MILLISECONDS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Milliseconds in a configuration duration (`"1500ms"`, `"60s"`, `"2m"`), or undefined when the text is
 * not one.
 *
 * @example
 * parseDurationMs("120s"); // 120000
 */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MILLISECONDS[unit as keyof typeof UNIT_MILLISECONDS];
}
