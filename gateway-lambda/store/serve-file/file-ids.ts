/**
 * Ids in a serve file. Configurations need an explicit `id`; provider keys and access keys may omit
 * theirs, which is then derived from `name` (`"OpenAI primary"` -> `openai-primary`): stable as long
 * as the name is, and readable in logs and `x-keyway-provider-key-id`. Any id of 1 to 64 letters,
 * digits, `_`, `.` and `-` (starting with a letter or digit) is accepted, `kwpk_...` ids copied from
 * Pulumi outputs included.
 */
import {
  type ConfigurationIssue,
  createIssue,
  type Location,
  locationPath,
} from "../../../contract/configuration-issue";

export const FILE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const FILE_ID_RULE = 'use 1 to 64 letters, digits, "_", "." and "-", starting with a letter or digit';

/** `"OpenAI primary"` -> `"openai-primary"`; empty when the name has no letters or digits. */
export function deriveId(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 64)
    .replace(/^-+|-+$/g, "");
}

/** Remembers the ids of one list and reports the second use of an id. */
export class IdRegistry {
  private readonly first = new Map<string, Location>();

  constructor(private readonly issues: ConfigurationIssue[]) {}

  /** Registers `id` found at `location` (its `id` field, or its `name` when derived); false on a duplicate. */
  claim(id: string, location: Location, derived: boolean): boolean {
    const earlier = this.first.get(id);
    if (earlier === undefined) {
      this.first.set(id, location);
      return true;
    }
    const also = locationPath(earlier.slice(0, -1));
    const message = derived
      ? `duplicate id ${JSON.stringify(id)}, derived from this name (also ${also}); give one of them an explicit id`
      : `duplicate id ${JSON.stringify(id)} (also ${also}); ids must be unique`;
    this.issues.push(createIssue(location, message));
    return false;
  }

  has(id: string): boolean {
    return this.first.has(id);
  }

  ids(): string[] {
    return [...this.first.keys()];
  }
}
