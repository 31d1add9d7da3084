/**
 * The repo's own stack (Pulumi.yaml's main): a complete, working gateway. Two OpenAI keys with
 * failover between them, one configuration, one access key, all from stack config, and the
 * keyway.Gateway Lambda that serves them behind a streaming Function URL.
 *
 *   pulumi config set aws:region eu-west-1
 *   pulumi config set --secret openaiPrimary sk-...
 *   pulumi config set --secret openaiBackup sk-...
 *   pulumi up
 *   export KEYWAY_URL=$(pulumi stack output url)
 *   export KEYWAY_TOKEN=$(pulumi stack output accessToken --show-secrets)
 *
 * Optional: `allowedOrigins` (a JSON list of browser origins, `pulumi config set --path
 * 'allowedOrigins[0]' https://app.example.com`) and `alarms` (true).
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

// Same stack, same default namespace (`keyway:namespace`, else <project>-<stack>): the gateway
// serves exactly the keys, configuration and access key above.
const gateway = new keyway.Gateway("gateway", {
  allowedOrigins: config.getObject<string[]>("allowedOrigins"),
  alarms: config.getBoolean("alarms") ?? false,
});

export const url = gateway.url;
export const accessToken = app.token; // secret: `pulumi stack output accessToken --show-secrets`
export const namespace = app.namespace;
export const providerKeys = { primary: primary.keyRedacted, backup: backup.keyRedacted };
export const functionName = gateway.functionName;
export const logGroupName = gateway.logGroupName;
export const bundleBytes = gateway.bundleBytes;
