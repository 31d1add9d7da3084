/**
 * Key references in a configuration file: `{ key: openai-primary }` names a provider key (`{ id:
 * kwpk_... }` stays accepted). What the contract validator cannot say about them is said here: a
 * reference that is neither form, a name nobody declared, a key of another provider than its rule's.
 */
import { PROVIDER_ID_PATTERN } from "../../contract/builtin-providers";
import {
  type ConfigurationIssue,
  createIssue,
  display,
  type Location,
} from "../../contract/configuration-issue";
import { closestName } from "../../contract/did-you-mean";
import { isResourceId } from "../../contract/ids";
import { isRecord } from "../../contract/json-value";
import { keyReferences } from "../../contract/named-key-references";
import { typeMessage, unknownFieldMessage } from "../../contract/schema-messages";
import { otherProviderKeyMessage } from "../../gateway-lambda/store/serve-file/reference-messages";

/** The provider keys a configuration file may name. */
export interface KnownKeys {
  /** Name -> provider id; `undefined` when the provider is not known before deployment. */
  names: ReadonlyMap<string, string | undefined>;
  /** Where the names come from, as messages say it: `providerKeys`, `routing/keyway.keys.yaml`. */
  source: string;
}

const REFERENCE_FIELDS = ["key", "id"];

/**
 * Reports references that are neither `{ key }` nor `{ id }` and replaces them, in `configuration`, by
 * a harmless `{ key: "" }` so the validator does not report them again. Returns their pointers' locations.
 */
export function checkReferenceShapes(
  configuration: Record<string, unknown>,
  issues: ConfigurationIssue[],
): Location[] {
  const replaced: Location[] = [];
  const replace = (step: unknown[], index: number, location: Location) => {
    step[index] = { key: "" };
    replaced.push(location);
  };
  forEachKeyEntry(configuration, (keys, index, location) => {
    const entry = keys[index];
    if (typeof entry === "string") {
      const example = isResourceId("providerKey", entry) ? `{ id: ${entry} }` : `{ key: ${entry} }`;
      issues.push(createIssue(location, `must be an object like ${example}, not a string`));
      return replace(keys, index, location);
    }
    if (!isRecord(entry)) return; // the validator says what it must be
    if ("key" in entry && "id" in entry) {
      issues.push(
        createIssue(
          location,
          'has both "key" and "id"; name the key ({ key: openai-primary }) or give its id',
        ),
      );
      return replace(keys, index, location);
    }
    if ("key" in entry && (typeof entry.key !== "string" || entry.key === "")) {
      const at = [...location, "key"];
      const message =
        entry.key === ""
          ? "is empty; name a provider key, e.g. openai-primary"
          : typeMessage("string", entry.key, at);
      issues.push(createIssue(at, message));
      return replace(keys, index, location);
    }
    // An id reference, or an inline key ({ name, value }): the validator says what is wrong with it.
    if ("id" in entry || (!("key" in entry) && ("value" in entry || "name" in entry))) return;
    for (const field of Object.keys(entry)) {
      if (field === "key") continue;
      issues.push(createIssue([...location, field], unknownFieldMessage(field, REFERENCE_FIELDS)));
      delete entry[field];
    }
    if ("key" in entry) return;
    issues.push(
      createIssue([...location, "key"], "is required: the name of a provider key, e.g. openai-primary"),
    );
    replace(keys, index, location);
  });
  return replaced;
}

function forEachKeyEntry(
  configuration: Record<string, unknown>,
  visit: (keys: unknown[], index: number, location: Location) => void,
): void {
  const router = configuration.router;
  const rules = isRecord(router) && Array.isArray(router.rules) ? router.rules : [];
  rules.forEach((rule: unknown, ruleIndex) => {
    if (!isRecord(rule) || !Array.isArray(rule.steps)) return;
    rule.steps.forEach((step: unknown, stepIndex) => {
      if (!isRecord(step) || !Array.isArray(step.keys)) return;
      const keys: unknown[] = step.keys;
      keys.forEach((_, keyIndex) => {
        visit(keys, keyIndex, ["router", "rules", ruleIndex, "steps", stepIndex, "keys", keyIndex]);
      });
    });
  });
}

/** Every `{ key }` names a known key, of the provider its rule routes (when both are known). */
export function checkKeyNames(
  configuration: Record<string, unknown>,
  known: KnownKeys,
  issues: ConfigurationIssue[],
): void {
  for (const reference of keyReferences(configuration)) {
    const name = reference.value.key;
    if (typeof name !== "string" || name === "") continue;
    const at = [...reference.location, "key"];
    if (!known.names.has(name)) {
      issues.push(createIssue(at, unknownKeyMessage(name, known)));
      continue;
    }
    const keyProvider = known.names.get(name);
    const ruleProvider = reference.ruleProvider;
    if (
      keyProvider !== undefined &&
      ruleProvider !== undefined &&
      PROVIDER_ID_PATTERN.test(ruleProvider) &&
      keyProvider !== ruleProvider
    ) {
      issues.push(createIssue(at, otherProviderKeyMessage(name, keyProvider, ruleProvider)));
    }
  }
}

/**
 * `unknown provider key "openai-primar"; did you mean "openai-primary"? Known keys (from providerKeys): ...`
 *
 * @example
 * unknownKeyMessage("openai", { names: new Map([["openai-primary", "openai"]]), source: "providerKeys" });
 * // 'unknown provider key "openai"; known keys (from providerKeys): openai-primary'
 */
export function unknownKeyMessage(name: string, known: KnownKeys): string {
  const names = [...known.names.keys()];
  const unknown = `unknown provider key ${display(name)}`;
  if (names.length === 0) return `${unknown}; ${known.source} names no keys`;
  const list = `known keys (from ${known.source}): ${names.join(", ")}`;
  const suggestion = closestName(name, names);
  if (suggestion === undefined) return `${unknown}; ${list}`;
  return `${unknown}; did you mean ${JSON.stringify(suggestion)}? ${list[0]?.toUpperCase()}${list.slice(1)}`;
}
