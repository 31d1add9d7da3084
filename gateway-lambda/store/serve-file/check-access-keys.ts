/**
 * The `accessKeys` section: the tokens clients send. A token is written as `token` (usually
 * `${ENV_VAR}`; hashed at load, never kept) or as its `tokenSha256`, so the file itself need not hold
 * it. Messages never show a token.
 */
import { type ConfigurationIssue, createIssue, display } from "../../../contract/configuration-issue";
import { hashToken } from "../../../contract/token-hash";
import type { AccessKeyRecord } from "../gateway-store";
import { checkKnownFields, type Entry, readBoolean, readDerivableId, readString } from "./field-checks";
import { IdRegistry } from "./file-ids";
import { unknownReferenceMessage } from "./reference-messages";

/** Shorter tokens are accepted with a warning: they can be guessed. */
export const MIN_TOKEN_LENGTH = 20;

const FIELDS = ["id", "name", "configurationId", "token", "tokenSha256", "expiresAt", "disabled"];
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

export function checkAccessKeys(
  entries: readonly Entry[],
  configurationIds: readonly string[],
  issues: ConfigurationIssue[],
): AccessKeyRecord[] {
  const registry = new IdRegistry(issues);
  const firstByHash = new Map<string, Entry>();
  const records: AccessKeyRecord[] = [];
  for (const entry of entries) {
    checkKnownFields(entry.value, entry.location, FIELDS, issues);
    const name = readString(entry, "name", issues, true);
    const id = readDerivableId(entry, name, registry, issues);
    const configurationId = checkConfigurationId(entry, configurationIds, issues);
    const tokenSha256 = readTokenHash(entry, issues);
    const expiresAt = readExpiresAt(entry, issues);
    const disabled = readBoolean(entry, "disabled", issues) ?? false;
    if (tokenSha256 !== undefined) {
      const first = firstByHash.get(tokenSha256);
      if (first === undefined) firstByHash.set(tokenSha256, entry);
      else
        issues.push(
          createIssue(entry.location, `has the same token as ${pathOf(first)}; give each access key its own`),
        );
    }
    if (
      id !== undefined &&
      name !== undefined &&
      configurationId !== undefined &&
      tokenSha256 !== undefined &&
      expiresAt !== undefined
    ) {
      records.push({ id, name, configurationId, tokenSha256, expiresAt, disabled });
    }
  }
  return records;
}

function pathOf(entry: Entry): string {
  return `${entry.location[0]}[${entry.location[1]}]`;
}

/** null when omitted: the key may call every provider's models with any key in the file. */
function checkConfigurationId(
  entry: Entry,
  configurationIds: readonly string[],
  issues: ConfigurationIssue[],
): string | null | undefined {
  if (entry.value.configurationId === undefined || entry.value.configurationId === null) return null;
  const id = readString(entry, "configurationId", issues, true);
  if (id === undefined || configurationIds.includes(id)) return id;
  issues.push(
    createIssue(
      [...entry.location, "configurationId"],
      unknownReferenceMessage("configuration", id, configurationIds, "configurations"),
    ),
  );
  return undefined;
}

function readTokenHash(entry: Entry, issues: ConfigurationIssue[]): string | undefined {
  const hasToken = entry.value.token !== undefined;
  const hasHash = entry.value.tokenSha256 !== undefined;
  if (hasToken === hasHash) {
    const message = hasToken
      ? "has both token and tokenSha256; keep one"
      : // biome-ignore lint/suspicious/noTemplateCurlyInString: an example of the file's ${NAME} syntax
        'needs a token (e.g. token: "${KEYWAY_TOKEN}") or its tokenSha256';
    issues.push(createIssue(entry.location, message));
    return undefined;
  }
  if (hasToken) {
    const token = readString(entry, "token", issues, true);
    if (token === undefined) return undefined;
    if (token.length < MIN_TOKEN_LENGTH) {
      issues.push(
        createIssue(
          [...entry.location, "token"],
          `is shorter than ${MIN_TOKEN_LENGTH} characters, so it can be guessed; use a long random token (openssl rand -base64 32)`,
          "warning",
        ),
      );
    }
    return hashToken(token);
  }
  const hash = readString(entry, "tokenSha256", issues, true);
  if (hash === undefined) return undefined;
  if (!SHA256_HEX.test(hash)) {
    issues.push(
      createIssue(
        [...entry.location, "tokenSha256"],
        'is not a SHA-256 in hex (64 characters 0-9 and a-f); compute it with: printf %s "$TOKEN" | sha256sum',
      ),
    );
    return undefined;
  }
  return hash.toLowerCase();
}

/** An ISO 8601 instant, normalized to `toISOString()` form; null when omitted. */
function readExpiresAt(entry: Entry, issues: ConfigurationIssue[]): string | null | undefined {
  if (entry.value.expiresAt === undefined || entry.value.expiresAt === null) return null;
  const text = readString(entry, "expiresAt", issues, true);
  if (text === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    issues.push(
      createIssue(
        [...entry.location, "expiresAt"],
        `${display(text)} is not an ISO 8601 instant; write e.g. "2027-01-31T00:00:00Z"`,
      ),
    );
    return undefined;
  }
  return new Date(time).toISOString();
}
