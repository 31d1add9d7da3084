/**
 * keyway quickstart: what an infrastructure repo writes. Copy this folder, point the keyway
 * dependency at the released package, set the secrets and run `pulumi up`.
 *
 *   pulumi config set aws:region eu-west-1
 *   pulumi config set --secret openaiPrimary sk-...
 *   pulumi config set --secret openaiBackup sk-...
 *   pulumi config set --secret anthropic sk-ant-...
 *   pulumi up
 *   pulumi stack output url; pulumi stack output webToken --show-secrets
 */
import * as pulumi from "@pulumi/pulumi";
import * as keyway from "keyway";

const config = new pulumi.Config();

const openaiPrimary = new keyway.ProviderKey("openai-primary", {
  providerId: "openai",
  name: "OpenAI primary",
  value: config.requireSecret("openaiPrimary"),
});
const openaiBackup = new keyway.ProviderKey("openai-backup", {
  providerId: "openai",
  name: "OpenAI backup",
  value: config.requireSecret("openaiBackup"),
});
const anthropic = new keyway.ProviderKey("anthropic", {
  providerId: "anthropic",
  name: "Anthropic",
  value: config.requireSecret("anthropic"),
});

const prod = new keyway.AccessKeyConfiguration("prod", {
  name: "prod",
  description: "OpenAI with key failover; Claude Sonnet allowed as a fallback model",
  access: {
    providers: { allow: ["openai", "anthropic"] },
    models: { allow: ["openai:gpt-4o", "openai:gpt-4o-mini", "anthropic:claude-sonnet-4-5"] },
  },
  router: {
    rules: [
      {
        provider: "openai",
        steps: [
          {
            type: "user",
            keySelectionStrategy: "ordered",
            keys: [{ id: openaiPrimary.id }, { id: openaiBackup.id }],
          },
        ],
      },
      { provider: "anthropic", steps: [{ type: "user", keys: [{ id: anthropic.id }] }] },
    ],
  },
  timeouts: { perAttempt: "30s", total: "90s" },
});

// One key per app: each can be revoked on its own.
const web = new keyway.AccessKey("web", { name: "web app", configurationId: prod.id });
const batch = new keyway.AccessKey("batch", {
  name: "nightly batch",
  configurationId: prod.id,
  expiresAt: "2027-06-30T00:00:00Z",
});

// The gateway for this stack's namespace: the keys, configuration and access keys above.
const gateway = new keyway.Gateway("ai", {
  allowedOrigins: ["https://app.example.com"],
  alarms: { errorRatePercent: 5 },
});

export const url = gateway.url; // https://<id>.lambda-url.<region>.on.aws/v1
export const webToken = web.token; // secret: `pulumi stack output webToken --show-secrets`
export const batchToken = batch.token;
export const keys = {
  openaiPrimary: openaiPrimary.keyRedacted,
  openaiBackup: openaiBackup.keyRedacted,
  anthropic: anthropic.keyRedacted,
};
