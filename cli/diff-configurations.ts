/**
 * `keyway diff`'s core: two sets of configuration files in, the changes to traffic out. Pure: the
 * files come in as text (from disk or from git).
 */
import { parseYamlSource } from "../gateway-lambda/store/serve-file/yaml-source";
import { looksLikeServeFile } from "../provider/configuration-files/file-kinds";
import { diffAccess, list } from "./diff-access";
import type { Change, ChangeKind } from "./diff-change";
import { failoverOrder, type RoutingView, sameView, TIMEOUT_NAMES, viewOf } from "./diff-model";
import { diffRules } from "./diff-rules";

/** A configuration file on one side of the diff. */
export interface SourceFile {
  /** Equal on both sides for the same configuration: its path in the set without extension (`prod`). */
  id: string;
  /** The path shown to the reader. */
  path: string;
  text: string;
}

type Side = { file: SourceFile; view: RoutingView } | { file: SourceFile; unreadable: string };

/**
 * @example
 * diffConfigurationSets([{ id: "prod", path: "prod.yaml", text: before }], [{ id: "prod", path: "prod.yaml", text: after }]);
 * // [{ configuration: "prod", kind: "provider-allowed", detail: "provider anthropic newly allowed", attention: true, ... }]
 */
export function diffConfigurationSets(base: readonly SourceFile[], head: readonly SourceFile[]): Change[] {
  const before = sidesById(base);
  const after = sidesById(head);
  const removed = [...before.values()].filter((side) => !after.has(side.file.id));
  const added = [...after.values()].filter((side) => !before.has(side.file.id));
  const renames = pairRenames(removed, added);
  const changes: Change[] = [];
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const id of ids) {
    const old = before.get(id);
    const now = after.get(id);
    if (old && now) changes.push(...diffPair(old, now));
    else if (now && renames.has(now)) {
      const from = renames.get(now) as Side;
      const detail = `renamed from ${from.file.id} (${from.file.path} -> ${now.file.path}); the file name is the resource name, so Pulumi replaces the configuration and it gets a new kwac_ id`;
      changes.push(change(now, "configuration-renamed", detail, true), ...diffPair(from, now));
    } else if (now) changes.push(addedChange(now));
    else if (old && ![...renames.values()].includes(old)) {
      const detail = "configuration removed; the access keys that use it lose their routing";
      changes.push(change(old, "configuration-removed", detail, true));
    }
  }
  return changes;
}

function sidesById(files: readonly SourceFile[]): Map<string, Side> {
  const sides = new Map<string, Side>();
  for (const file of files) {
    const parsed = parseYamlSource(file.text, file.path);
    if (!parsed.ok) {
      const [first] = parsed.issues;
      sides.set(file.id, { file, unreadable: `line ${first?.line}: ${first?.message}` });
    } else if (!looksLikeServeFile(parsed.source.value)) {
      sides.set(file.id, { file, view: viewOf(parsed.source.value) });
    }
  }
  return sides;
}

/** A file that disappeared and one that appeared, with the same `name` or the same routing. */
function pairRenames(removed: Side[], added: Side[]): Map<Side, Side> {
  const pairs = new Map<Side, Side>();
  const taken = new Set<Side>();
  for (const now of added) {
    if (!("view" in now)) continue;
    const from = removed.find(
      (old) =>
        !taken.has(old) &&
        "view" in old &&
        (sameView(old.view, now.view) || (old.view.name !== undefined && old.view.name === now.view.name)),
    );
    if (from === undefined) continue;
    pairs.set(now, from);
    taken.add(from);
  }
  return pairs;
}

function diffPair(old: Side, now: Side): Change[] {
  if (!("view" in now))
    return [
      change(
        now,
        "unreadable",
        `${now.file.path} cannot be read (${now.unreadable}); run keyway validate`,
        true,
      ),
    ];
  if (!("view" in old))
    return [
      change(
        now,
        "unreadable",
        `the base version of ${old.file.path} cannot be read (${old.unreadable}); no comparison`,
        true,
      ),
    ];
  const changes: Change[] = [];
  const emit = (kind: ChangeKind, detail: string, attention: boolean) =>
    changes.push(change(now, kind, detail, attention));
  const [base, head] = [old.view, now.view];
  if (base.name !== head.name)
    emit("name-changed", `name: ${base.name ?? "(none)"} -> ${head.name ?? "(none)"}`, false);
  diffAccess(base, head, emit);
  diffRules(base, head, emit);
  for (const name of TIMEOUT_NAMES) {
    const [from, to] = [base.timeouts[name], head.timeouts[name]];
    if (from?.key === to?.key) continue;
    emit(
      "timeout-changed",
      `timeouts.${name}: ${from?.label ?? "default"} -> ${to?.label ?? "default"}`,
      false,
    );
  }
  if (base.description !== head.description) emit("description-changed", "description changed", false);
  if (base.metadata !== head.metadata) emit("metadata-changed", "metadata changed", false);
  return changes;
}

function addedChange(now: Side): Change {
  if (!("view" in now))
    return change(
      now,
      "unreadable",
      `${now.file.path} cannot be read (${now.unreadable}); run keyway validate`,
      true,
    );
  const { providers, models, rules } = now.view;
  const scope =
    providers === undefined && models === undefined
      ? "allows every provider and model"
      : `allows ${[providers && `providers ${list(providers)}`, models && `models ${list(models)}`].filter(Boolean).join(" and ")}`;
  const routes =
    rules.length === 0
      ? "routes to the namespace's keys"
      : `routes ${rules.map((rule) => `${rule.label} (${failoverOrder(rule).join(", ")})`).join("; ")}`;
  return change(
    now,
    "configuration-added",
    `new configuration: ${scope}; ${routes}`,
    providers === undefined && models === undefined,
  );
}

function change(side: Side, kind: ChangeKind, detail: string, attention: boolean): Change {
  return { configuration: side.file.id, file: side.file.path, kind, detail, attention };
}
