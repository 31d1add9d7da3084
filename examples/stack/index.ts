/**
 * The repo's own stack (Pulumi.yaml's main): two OpenAI keys with failover between them, one
 * configuration and one access key, all from stack config.
 *
 *   pulumi config set --secret openaiPrimary sk-...
 *   pulumi config set --secret openaiBackup sk-...
 *   pulumi up
 *   pulumi stack output accessToken --show-secrets
 */
import * as pulumi from "@pulumi/pulumi";
import * as keyway from "keyway";

const config = new pulumi.Config();

const primary = new keyway.ProviderKey("openai-primary", {
  providerId: "openai",
  name: "OpenAI primary",
  value: config.requireSecret("openaiPrimary"),
});
const backup = new keyway.ProviderKey("openai-backup", {
  providerId: "openai",
  name: "OpenAI backup",
  value: config.requireSecret("openaiBackup"),
});

const routing = new keyway.AccessKeyConfiguration("default", {
  name: "default",
  description: "OpenAI with failover from the primary to the backup key",
  access: { providers: { allow: ["openai"] } },
  router: {
    rules: [
      {
        provider: "openai",
        steps: [
          { type: "user", keySelectionStrategy: "ordered", keys: [{ id: primary.id }, { id: backup.id }] },
        ],
      },
    ],
  },
});

const app = new keyway.AccessKey("app", { name: "default app", configurationId: routing.id });

export const namespace = app.namespace;
export const accessToken = app.token;
export const providerKeys = { primary: primary.keyRedacted, backup: backup.keyRedacted };
