/**
 * Checks a JSON Schema cannot express: ngrok.ai features that do not exist in keyway, duplicates, rules
 * that contradict themselves or can never apply, and duration values. They run on unvalidated input,
 * next to the schema, so every problem is reported at once; every access is therefore guarded.
 */
import {
  type ConfigurationIssue,
  createIssue,
  display,
  type Location,
  locationPath,
} from "./configuration-issue";
import { parseDurationMs } from "./duration";
import { isRecord, valueAt } from "./json-value";
import { modelReferenceKey, tryParseModelReference } from "./model-reference";
import { checkRules } from "./rule-checks";

export interface SemanticFindings {
  issues: ConfigurationIssue[];
  /** Pointers of values whose schema errors these issues replace (an ngrok step, an inline key). */
  replaced: string[];
}

/** Says whether a value is unknown at preview time, so no check may judge it. */
export type IsUnknown = (value: unknown) => boolean;

export function checkConfiguration(input: unknown, isUnknown: IsUnknown): SemanticFindings {
  const findings: SemanticFindings = { issues: [], replaced: [] };
  const providers = valueAt(input, ["access", "providers", "allow"]);
  checkDuplicates(
    findings,
    providers,
    ["access", "providers", "allow"],
    "provider",
    isUnknown,
    (entry) => entry,
  );
  const models = valueAt(input, ["access", "models", "allow"]);
  checkDuplicates(findings, models, ["access", "models", "allow"], "model", isUnknown, (entry) => {
    const parsed = tryParseModelReference(entry);
    return parsed.ok ? modelReferenceKey(parsed.value) : entry;
  });
  checkRules(findings, input, isUnknown);
  checkTimeouts(findings, input, isUnknown);
  return findings;
}

/** Every entry of an allow list equal to an earlier one, by `identity`. */
function checkDuplicates(
  findings: SemanticFindings,
  list: unknown,
  location: Location,
  noun: string,
  isUnknown: IsUnknown,
  identity: (entry: string) => string,
): void {
  if (!Array.isArray(list)) return;
  const firstIndex = new Map<string, number>();
  list.forEach((entry: unknown, index) => {
    if (typeof entry !== "string" || isUnknown(entry)) return;
    const first = firstIndex.get(identity(entry));
    if (first === undefined) {
      firstIndex.set(identity(entry), index);
      return;
    }
    const message = `duplicate ${noun} ${display(entry)} (also ${locationPath([...location, first])}); list it once`;
    findings.issues.push(createIssue([...location, index], message));
  });
}

const TIMEOUT_NAMES = ["perAttempt", "total", "firstToken", "streamIdle"] as const;

function checkTimeouts(findings: SemanticFindings, input: unknown, isUnknown: IsUnknown): void {
  const timeouts = valueAt(input, ["timeouts"]);
  if (!isRecord(timeouts)) return;
  const milliseconds: Partial<Record<(typeof TIMEOUT_NAMES)[number], number>> = {};
  for (const name of TIMEOUT_NAMES) {
    const text = timeouts[name];
    if (typeof text !== "string" || isUnknown(text)) continue;
    const value = parseDurationMs(text);
    if (value === 0)
      findings.issues.push(createIssue(["timeouts", name], 'must be longer than 0, e.g. "60s"'));
    if (value) milliseconds[name] = value;
  }
  const { perAttempt, total } = milliseconds;
  if (perAttempt !== undefined && total !== undefined && perAttempt > total) {
    const message = `${display(timeouts.perAttempt)} is longer than timeouts.total (${display(timeouts.total)}), which ends the request first`;
    findings.issues.push(createIssue(["timeouts", "perAttempt"], message, "warning"));
  }
}
