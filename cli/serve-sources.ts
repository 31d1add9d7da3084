import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { BUILTIN_PROVIDER_IDS } from "../contract/builtin-providers";
import type { GatewayStore } from "../gateway-lambda";
import { createStaticStore } from "../gateway-lambda";
import type { Logger } from "../gateway-lambda/logger";
import { createFileStore, formatServeFileIssue, loadServeFile } from "../gateway-lambda/store";
import { DEMO_KEYS, startDemoUpstream } from "./demo-upstream";

/** Environment variables `keyway serve` reads provider keys from when it has no file. */
export const PROVIDER_KEY_VARIABLES: Record<string, string[]> = {
  openai: ["OPENAI_API_KEY"],
  anthropic: ["ANTHROPIC_API_KEY"],
  google: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  groq: ["GROQ_API_KEY"],
  deepseek: ["DEEPSEEK_API_KEY"],
  mistral: ["MISTRAL_API_KEY"],
  openrouter: ["OPENROUTER_API_KEY"],
  xai: ["XAI_API_KEY"],
};

export interface ServeSource {
  mode: "file" | "environment" | "demo";
  store: GatewayStore;
  /** What to tell the user: the file, the providers found, or how to call the demo. */
  describe: string;
  /** A token the user can call with, when keyway made one (environment and demo modes). */
  token?: string;
  close(): Promise<void>;
}

/**
 * Where `keyway serve` gets its data: the file given with --config (or ./keyway.yaml), else provider
 * keys from the environment (one generated access key, every provider allowed), else the demo: a
 * bundled upstream whose primary key is rate-limited every other call, with failover to a backup key.
 */
export async function openServeSource(
  options: { config?: string; env: NodeJS.ProcessEnv },
  logger: Logger,
): Promise<ServeSource> {
  const file = options.config ?? (existsSync("keyway.yaml") ? "keyway.yaml" : undefined);
  if (file) {
    const store = createFileStore({ path: resolve(file), env: options.env, logger });
    await store.snapshot();
    return {
      mode: "file",
      store,
      describe: `serving ${file} (reloaded when it changes)`,
      close: () => store.close(),
    };
  }
  const token = options.env.KEYWAY_TOKEN ?? `kw-${randomBytes(32).toString("base64url")}`;
  const found = Object.entries(PROVIDER_KEY_VARIABLES).flatMap(([provider, names]) => {
    const name = names.find((variable) => options.env[variable]);
    return name ? [{ provider, name }] : [];
  });
  if (found.length > 0) {
    const document = {
      providerKeys: found.map(({ provider, name }) => ({
        id: provider,
        providerId: provider,
        name,
        value: envReference(name),
      })),
      accessKeys: [{ name: "keyway serve", token: envReference("KEYWAY_TOKEN") }],
    };
    const store = staticStoreFrom(document, { ...options.env, KEYWAY_TOKEN: token });
    const providers = found.map(({ provider, name }) => `${provider} (${name})`).join(", ");
    return { mode: "environment", store, token, describe: `serving ${providers}`, close: async () => {} };
  }
  const demo = await startDemoUpstream();
  const document = {
    providers: [{ id: "openai", baseUrl: demo.baseUrl }],
    providerKeys: [
      { id: "demo-primary", providerId: "openai", name: "demo primary", value: DEMO_KEYS.primary },
      { id: "demo-backup", providerId: "openai", name: "demo backup", value: DEMO_KEYS.backup },
    ],
    configurations: [
      {
        id: "demo",
        name: "demo",
        router: {
          rules: [
            {
              provider: "openai",
              steps: [{ type: "user", keys: [{ id: "demo-primary" }, { id: "demo-backup" }] }],
            },
          ],
        },
      },
    ],
    accessKeys: [{ name: "demo", configurationId: "demo", token: envReference("KEYWAY_TOKEN") }],
  };
  const store = staticStoreFrom(document, { KEYWAY_TOKEN: token });
  const describe =
    `demo mode: no provider key in the environment (${BUILTIN_PROVIDER_IDS.length} built-in providers known; ` +
    "set OPENAI_API_KEY and others, or pass --config keyway.yaml). The demo upstream rate-limits its primary key " +
    "on every other call: watch x-keyway-attempts and x-keyway-provider-key-id";
  return { mode: "demo", store, token, describe, close: () => demo.close() };
}

/** `${NAME}`: the serve file's reference to an environment variable. */
function envReference(name: string): string {
  return `\${${name}}`;
}

/** Builds the store through the serve-file loader, so generated setups get the same checks as files. */
function staticStoreFrom(document: unknown, env: NodeJS.ProcessEnv): GatewayStore {
  const loaded = loadServeFile(stringify(document), { path: "<keyway serve>", env });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatServeFileIssue).join("\n"));
  return createStaticStore(loaded.snapshot);
}
