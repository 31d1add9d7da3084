/**
 * The `keyway serve` file: everything a local gateway serves, in one YAML (or JSON) file.
 *
 * ```yaml
 * providers:                      # optional: base-URL overrides and custom OpenAI-compatible providers
 *   - id: local-llm               # lowercase letters, digits and "-"
 *     baseUrl: http://127.0.0.1:11434/v1
 * providerKeys:                   # upstream API keys
 *   - id: openai-primary          # optional: derived from name ("OpenAI primary" -> openai-primary)
 *     providerId: openai          # a built-in provider or one declared under providers
 *     name: OpenAI primary
 *     value: ${OPENAI_API_KEY}    # from the environment
 * configurations:                 # access-key configurations, in ngrok.ai's shape (keyway schema)
 *   - id: prod                    # required; access keys refer to it
 *     name: prod
 *     router:
 *       rules:
 *         - provider: openai
 *           steps:
 *             - type: user
 *               keys: [{ id: openai-primary }]   # provider key ids from this file
 * accessKeys:                     # the tokens clients send as their API key
 *   - name: web app               # id optional, derived from name like provider keys
 *     configurationId: prod       # optional: without one, every provider and model, the file's keys
 *     token: ${KEYWAY_WEB_TOKEN}  # or tokenSha256: <hex>; hashed at load
 *     expiresAt: 2027-01-31T00:00:00Z   # optional
 *     disabled: false                    # optional
 * settings:                       # optional; the defaults are shown
 *   timeouts: { perAttempt: 60s, total: 120s, firstToken: 30s, streamIdle: 30s }
 *   maxBodyBytes: 5242880
 *   allowInsecureHttp: false      # plain http:// base URLs beyond loopback
 * ```
 *
 * Rules:
 * - `${NAME}` in any string is replaced by the environment variable NAME (a missing one is an error
 *   naming it); `$${` writes a literal `${`. Numbers and booleans are written as such, not as `${...}`.
 * - Ids: 1 to 64 letters, digits, `_`, `.`, `-`. Configurations need one; provider keys and access
 *   keys without one get their name in lowercase with `-` for everything else (`OpenAI primary` ->
 *   `openai-primary`). Ids are unique within their list. `kwpk_...` ids copied from Pulumi work too.
 * - Configurations are checked by the same validator as the Pulumi provider (the same messages),
 *   except that key references name provider keys of this file. Each referenced key must exist and
 *   belong to its rule's provider; each rule's provider must be built in or declared.
 * - Access keys name an existing configuration (or none), carry exactly one of `token` and
 *   `tokenSha256`, and no two share a token. A token under 20 characters is a warning.
 * - A `providers` entry with an id of a built-in provider overrides its base URL. `http://` is
 *   accepted for loopback hosts (localhost, 127.x.x.x, [::1]) and, with `allowInsecureHttp`, any host.
 * - Unknown fields are errors. Every problem is reported at once with its line and column.
 */
import { BUILTIN_PROVIDER_IDS } from "../../../contract/builtin-providers";
import { type ConfigurationIssue, createIssue } from "../../../contract/configuration-issue";
import { isRecord } from "../../../contract/json-value";
import { typeMessage } from "../../../contract/schema-messages";
import { buildSnapshot } from "../build-snapshot";
import type { GatewaySnapshot } from "../gateway-store";
import { checkAccessKeys } from "./check-access-keys";
import { checkConfigurations } from "./check-configurations";
import { checkProviderKeys, checkProviders } from "./check-providers";
import { checkSettings } from "./check-settings";
import {
  type Environment,
  maskSubstitutions,
  type Substitution,
  substituteEnvironment,
} from "./env-substitution";
import { checkKnownFields, listEntries } from "./field-checks";
import type { ServeFileIssue } from "./serve-file-issue";
import { locateIssues, parseYamlSource } from "./yaml-source";

export interface LoadServeFileOptions {
  /** How issues name the file (`keyway.yaml`, or the path as given). */
  path: string;
  /** For `${NAME}` references. Default: `process.env`. */
  env?: Environment;
  /** The snapshot's `loadedAt`. Default: `Date.now()`. */
  now?: number;
}

export type ServeFileResult =
  | { ok: true; snapshot: GatewaySnapshot; warnings: ServeFileIssue[] }
  | { ok: false; issues: ServeFileIssue[] };

const SECTIONS = ["providers", "providerKeys", "configurations", "accessKeys", "settings"];

/**
 * Parses and checks a serve file; on success, the snapshot it describes. Pure apart from reading
 * `process.env` when `env` is omitted: `keyway validate` and the file store both use it.
 *
 * @example
 * const result = loadServeFile(await readFile("keyway.yaml", "utf8"), { path: "keyway.yaml" });
 * if (!result.ok) throw new ServeFileError("keyway.yaml", result.issues);
 */
export function loadServeFile(text: string, options: LoadServeFileOptions): ServeFileResult {
  const parsed = parseYamlSource(text, options.path);
  if (!parsed.ok) return parsed;
  const raw = parsed.source.value;
  const substitution: Substitution = { issues: [], used: new Map() };
  const root = substituteEnvironment(raw, options.env ?? process.env, substitution);
  const checkIssues: ConfigurationIssue[] = [];
  const model = checkRoot(root, checkIssues);
  // A value whose variable is missing is reported for that alone, not also for what it then looks like.
  const unresolved = new Set(substitution.issues.map((issue) => issue.pointer));
  const found = [...substitution.issues, ...checkIssues.filter((issue) => !unresolved.has(issue.pointer))];
  const masked = found.map((issue) => ({
    ...issue,
    message: maskSubstitutions(issue.message, substitution.used),
  }));
  const issues = locateIssues(masked, parsed.source);
  if (model === undefined || issues.some((issue) => issue.severity === "error")) return { ok: false, issues };
  const snapshot = buildSnapshot({ ...model, loadedAt: options.now ?? Date.now() });
  return { ok: true, snapshot, warnings: issues };
}

function checkRoot(root: unknown, issues: ConfigurationIssue[]) {
  if (!isRecord(root)) {
    const message =
      root === null || root === undefined
        ? "the file is empty; declare providerKeys, configurations and accessKeys"
        : typeMessage("object", root, ["file"]).replace("must be", "the file must be");
    issues.push(createIssue([], message));
    return undefined;
  }
  checkKnownFields(root, [], SECTIONS, issues);
  const settings = checkSettings(root.settings, issues);
  const providers = checkProviders(
    listEntries(root, "providers", issues),
    settings.allowInsecureHttp ?? false,
    issues,
  );
  const providerIds = [...new Set([...BUILTIN_PROVIDER_IDS, ...providers.map((provider) => provider.id)])];
  const providerKeys = checkProviderKeys(listEntries(root, "providerKeys", issues), providerIds, issues);
  const configurationEntries = listEntries(root, "configurations", issues);
  const configurations = checkConfigurations(
    configurationEntries,
    { providerKeys: providerKeys.declared, providerIds },
    issues,
  );
  // Access keys may name an invalid configuration: that one is reported where it is, not again here.
  const configurationIds = configurationEntries.flatMap((entry) =>
    typeof entry.value.id === "string" ? [entry.value.id] : [],
  );
  const accessKeys = checkAccessKeys(listEntries(root, "accessKeys", issues), configurationIds, issues);
  return { providers, providerKeys: providerKeys.records, configurations, accessKeys, settings };
}
