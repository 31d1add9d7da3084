/** Small checks for the serve file's own sections (configurations go through the contract validator). */
import { type ConfigurationIssue, createIssue, type Location } from "../../../contract/configuration-issue";
import { isRecord } from "../../../contract/json-value";
import { typeMessage, unknownFieldMessage } from "../../../contract/schema-messages";
import { deriveId, FILE_ID_PATTERN, FILE_ID_RULE, type IdRegistry } from "./file-ids";

export interface Entry {
  value: Record<string, unknown>;
  location: Location;
}

/** The mappings of the list at `root[field]`; reports a list that is not one, and items that are not mappings. */
export function listEntries(
  root: Record<string, unknown>,
  field: string,
  issues: ConfigurationIssue[],
): Entry[] {
  const list = root[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    issues.push(createIssue([field], typeMessage("array", list, [field])));
    return [];
  }
  const entries: Entry[] = [];
  list.forEach((value: unknown, index) => {
    if (isRecord(value)) entries.push({ value, location: [field, index] });
    else issues.push(createIssue([field, index], typeMessage("object", value, [field, index])));
  });
  return entries;
}

export function checkKnownFields(
  value: Record<string, unknown>,
  location: Location,
  allowed: readonly string[],
  issues: ConfigurationIssue[],
): void {
  for (const field of Object.keys(value)) {
    if (!allowed.includes(field))
      issues.push(createIssue([...location, field], unknownFieldMessage(field, allowed)));
  }
}

/** A string field; a missing or empty one is reported when required. Type errors never echo the value. */
export function readString(
  entry: Entry,
  field: string,
  issues: ConfigurationIssue[],
  required: boolean,
): string | undefined {
  const value = entry.value[field];
  const location = [...entry.location, field];
  if (value === undefined || value === null || value === "") {
    if (required) issues.push(createIssue(location, "is required"));
    return undefined;
  }
  if (typeof value !== "string") {
    issues.push(createIssue(location, typeMessage("string", value, location)));
    return undefined;
  }
  return value;
}

export function readBoolean(entry: Entry, field: string, issues: ConfigurationIssue[]): boolean | undefined {
  const value = entry.value[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  const location = [...entry.location, field];
  issues.push(createIssue(location, typeMessage("boolean", value, location)));
  return undefined;
}

/** An explicit id, checked against the file's id rule. */
export function readId(entry: Entry, issues: ConfigurationIssue[], required: boolean): string | undefined {
  const id = readString(entry, "id", issues, required);
  if (id === undefined || FILE_ID_PATTERN.test(id)) return id;
  issues.push(
    createIssue([...entry.location, "id"], `${JSON.stringify(id)} is not a valid id; ${FILE_ID_RULE}`),
  );
  return undefined;
}

/** The entry's `id`, or one derived from its name; registered in `registry`. */
export function readDerivableId(
  entry: Entry,
  name: string | undefined,
  registry: IdRegistry,
  issues: ConfigurationIssue[],
): string | undefined {
  if (entry.value.id !== undefined) {
    const id = readId(entry, issues, true);
    return id !== undefined && registry.claim(id, [...entry.location, "id"], false) ? id : undefined;
  }
  if (name === undefined) return undefined;
  const derived = deriveId(name);
  if (derived === "") {
    issues.push(
      createIssue([...entry.location, "name"], "has no letters or digits to derive an id from; add an id"),
    );
    return undefined;
  }
  return registry.claim(derived, [...entry.location, "name"], true) ? derived : undefined;
}
