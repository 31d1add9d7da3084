/**
 * Input checking shared by the three resources. Pulumi sends `UNKNOWN` for values it does not know
 * yet (preview); a check never fails on them and never writes anything.
 */
import { NAMESPACE_PATTERN } from "../../contract/storage-layout";

/** The dynamic-provider plugin's marker for a value unknown at preview (runtime/rpc.js `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Drops `undefined` everywhere: the plugin fails after create on an undefined output (orphaning the secret). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) if (entry !== undefined) result[key] = compact(entry);
    return result as T;
  }
  return value;
}

interface StringRule {
  required?: boolean;
  maxLength?: number;
  pattern?: RegExp;
  /** What a valid value looks like, for the message. */
  expected?: string;
}

/** Checks one string input; returns it when it is known and valid. */
export function checkString(
  news: Record<string, unknown>,
  property: string,
  rule: StringRule,
  failures: CheckFailure[],
): string | undefined {
  const value = news[property];
  if (value === undefined || value === null || value === "") {
    if (rule.required) failures.push({ property, reason: `${property}: is required` });
    return undefined;
  }
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") {
    failures.push({ property, reason: `${property}: must be a string, got ${typeof value}` });
    return undefined;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    failures.push({
      property,
      reason: `${property}: must be at most ${rule.maxLength} characters (got ${value.length})`,
    });
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    failures.push({
      property,
      reason: `${property}: ${JSON.stringify(value)} is not valid; ${rule.expected}`,
    });
    return undefined;
  }
  return value;
}

/** KMS key forms Secrets Manager accepts: key id, key ARN, alias name or alias ARN. */
const KMS_KEY_PATTERN =
  /^(alias\/[A-Za-z0-9/_-]{1,250}|(mrk-)?[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+)$/;

export interface CommonInputs {
  namespace: string;
  kmsKeyId?: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

/** Checks the inputs every resource has: where it is stored and how it is deleted. */
export function checkCommonInputs(news: Record<string, unknown>, failures: CheckFailure[]): void {
  checkString(
    news,
    "namespace",
    {
      required: true,
      pattern: NAMESPACE_PATTERN,
      expected: "use 1-64 letters, digits or _+=.@- (no '/'), e.g. \"myapp-prod\"",
    },
    failures,
  );
  checkString(
    news,
    "kmsKeyId",
    { pattern: KMS_KEY_PATTERN, expected: "use a KMS key id, key ARN, alias/<name> or alias ARN" },
    failures,
  );
  const window = news.recoveryWindowInDays;
  if (window !== undefined && window !== null && !isUnknown(window)) {
    if (typeof window !== "number" || !Number.isInteger(window) || window < 7 || window > 30) {
      failures.push({
        property: "recoveryWindowInDays",
        reason: `recoveryWindowInDays: must be a whole number of days from 7 to 30 (Secrets Manager's limits), got ${JSON.stringify(window)}; use forceDeleteWithoutRecovery to delete at once`,
      });
    }
  }
  const force = news.forceDeleteWithoutRecovery;
  if (force !== undefined && force !== null && !isUnknown(force) && typeof force !== "boolean") {
    failures.push({
      property: "forceDeleteWithoutRecovery",
      reason: `forceDeleteWithoutRecovery: must be true or false, got ${JSON.stringify(force)}`,
    });
  }
  if (force === true && typeof window === "number") {
    failures.push({
      property: "forceDeleteWithoutRecovery",
      reason: "forceDeleteWithoutRecovery: cannot be combined with recoveryWindowInDays; set one of them",
    });
  }
}

export function pickCommonInputs(news: Record<string, unknown>): CommonInputs {
  return compact({
    namespace: news.namespace as string,
    kmsKeyId: (news.kmsKeyId as string | undefined) ?? undefined,
    recoveryWindowInDays: (news.recoveryWindowInDays as number | undefined) ?? undefined,
    forceDeleteWithoutRecovery: (news.forceDeleteWithoutRecovery as boolean | undefined) ?? undefined,
  });
}

/** Same value for diff purposes: absent, undefined and null are equal; objects compare structurally. */
export function sameValue(left: unknown, right: unknown): boolean {
  return canonicalJson(left ?? null) === canonicalJson(right ?? null);
}

/** JSON with sorted keys and no undefined: state that went through gRPC Structs loses key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry) => {
    if (entry && typeof entry === "object" && !Array.isArray(entry)) {
      return Object.fromEntries(
        Object.keys(entry)
          .sort()
          .map((key) => [key, entry[key]]),
      );
    }
    return entry;
  });
}

export interface PropertyDiff {
  changes: boolean;
  /** Properties whose change forces a new resource: exactly what the engine gets as `replaces`. */
  replaces: string[];
  /** Properties that change in place (the plugin does not forward them; for tests and logs). */
  updates: string[];
}

export interface DiffedProperties {
  replace: readonly string[];
  update: readonly string[];
  /**
   * Values that mean the same as leaving the property out (`disabled: false`), so writing them out
   * or dropping them is no change. Absent and null are always equal.
   */
  defaults?: Readonly<Record<string, unknown>>;
}

/**
 * Compares old outputs with new inputs over the given properties only, so `__provider` and outputs
 * the provider computes never count. Objects compare by content whatever their key order; arrays
 * by position (a rule's keys are its failover order). An unknown new value counts as a change,
 * and as a replace for a property in `replace`: the engine must plan for the worst case.
 */
export function diffProperties(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  properties: DiffedProperties,
): PropertyDiff {
  const defaults = properties.defaults ?? {};
  const differs = (key: string) =>
    containsUnknown(news[key]) || !sameValue(olds[key] ?? defaults[key], news[key] ?? defaults[key]);
  const replaces = properties.replace.filter(differs);
  const updates = properties.update.filter(differs);
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}
