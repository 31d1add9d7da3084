/** What a change of `access` does: providers and models newly allowed or blocked. Widenings need attention. */
import type { Change } from "./diff-change";
import type { Entry, RoutingView } from "./diff-model";

type Emit = (kind: Change["kind"], detail: string, attention: boolean) => void;

export function diffAccess(base: RoutingView, head: RoutingView, emit: Emit): void {
  if (base.hasAccess && !head.hasAccess && (base.providers || base.models)) {
    const was = [
      base.providers && `providers ${list(base.providers)}`,
      base.models && `models ${list(base.models)}`,
    ].filter(Boolean);
    emit(
      "access-removed",
      `access removed: every provider and model is now allowed (was: ${was.join("; ")})`,
      true,
    );
    return;
  }
  // A rule for what is now blocked is dead: say so where the block is reported.
  const ruled = new Set(head.rules.map((rule) => rule.identity));
  diffDimension(base.providers, head.providers, "provider", ruled, emit);
  diffDimension(base.models, head.models, "model", ruled, emit);
}

function diffDimension(
  base: Entry[] | undefined,
  head: Entry[] | undefined,
  noun: "provider" | "model",
  ruled: ReadonlySet<string>,
  emit: Emit,
): void {
  const plural = noun === "provider" ? "providers" : "models";
  if (base === undefined && head === undefined) return;
  if (base !== undefined && head === undefined) {
    const detail = `${plural}.allow removed: every ${noun} is now allowed (was: ${list(base)})`;
    emit(noun === "provider" ? "providers-unrestricted" : "models-unrestricted", detail, true);
    return;
  }
  if (base === undefined && head !== undefined) {
    const detail =
      head.length === 0
        ? `every ${noun} is now blocked (${plural}.allow is empty; was: every ${noun})`
        : `${plural} limited to ${list(head)} (was: every ${noun})`;
    emit(noun === "provider" ? "providers-restricted" : "models-restricted", detail, false);
    return;
  }
  const before = new Set(base?.map((entry) => entry.key));
  const after = new Set(head?.map((entry) => entry.key));
  for (const entry of head ?? []) {
    if (before.has(entry.key)) continue;
    emit(
      noun === "provider" ? "provider-allowed" : "model-allowed",
      `${noun} ${entry.label} newly allowed`,
      true,
    );
  }
  for (const entry of base ?? []) {
    if (after.has(entry.key)) continue;
    const dead = ruled.has(`${noun} ${entry.key}`) ? "; its rule no longer applies" : "";
    emit(
      noun === "provider" ? "provider-blocked" : "model-blocked",
      `${noun} ${entry.label} now blocked${dead}`,
      false,
    );
  }
}

/** `openai, anthropic`; `none` for an empty list. */
export function list(entries: readonly Entry[]): string {
  return entries.length === 0 ? "none" : entries.map((entry) => entry.label).join(", ");
}
