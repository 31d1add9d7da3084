/**
 * The AI gateway of an infrastructure repo. Provider keys are declared here (their values are stack
 * secrets); who may call what, and how requests fail over, lives in routing/, one reviewed file per
 * access-key configuration; access keys and the gateway are declared here. Pull requests get
 * `keyway validate`, `keyway diff` and a `pulumi preview` with keyway's policy pack
 * (.github/workflows/keyway.yml); merging to main runs `pulumi up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as keyway from "keyway";

const config = new pulumi.Config();

// Every keyway secret is encrypted with this customer-managed key (policy provider-key-customer-managed-kms);
// the gateway gets kms:Decrypt on it through Secrets Manager only.
const kmsKey = new aws.kms.Key("keyway", {
  description: "keyway: provider keys, configurations and access keys of the AI gateway",
  enableKeyRotation: true,
  deletionWindowInDays: 30,
});
const kmsKeyId = kmsKey.arn;

// The names routing files use (`keys: [{ key: openai-primary }]`). routing/keyway.keys.yaml lists the
// same names for `keyway validate`, which runs without Pulumi.
const providerKeys = {
  "openai-primary": new keyway.ProviderKey("openai-primary", {
    providerId: "openai",
    name: "OpenAI main organization",
    value: config.requireSecret("openaiPrimary"),
    kmsKeyId,
  }),
  "openai-backup": new keyway.ProviderKey("openai-backup", {
    providerId: "openai",
    name: "OpenAI second organization",
    value: config.requireSecret("openaiBackup"),
    kmsKeyId,
  }),
  "anthropic-main": new keyway.ProviderKey("anthropic-main", {
    providerId: "anthropic",
    name: "Anthropic main",
    value: config.requireSecret("anthropicMain"),
    kmsKeyId,
  }),
  "anthropic-backup": new keyway.ProviderKey("anthropic-backup", {
    providerId: "anthropic",
    name: "Anthropic backup",
    value: config.requireSecret("anthropicBackup"),
    kmsKeyId,
  }),
};

// One AccessKeyConfiguration per file, named after it: routing/prod.yaml -> configurations.prod.
const configurations = keyway.loadConfigurationFiles("routing", { providerKeys, kmsKeyId });
const configurationId = (file: string) => {
  const configuration = configurations[file];
  if (!configuration)
    throw new pulumi.RunError(`routing/${file}.yaml is gone, but an access key still uses it`);
  return configuration.id;
};

// One access key per app, so each can be revoked on its own.
const web = new keyway.AccessKey("web", {
  name: "web app",
  configurationId: configurationId("prod"),
  kmsKeyId,
});
const support = new keyway.AccessKey("support-bot", {
  name: "support bot",
  configurationId: configurationId("support"),
  kmsKeyId,
});

const gateway = new keyway.Gateway("ai", {
  // Also listed in policy-config.json: the CORS policy rejects any origin it does not list.
  allowedOrigins: ["https://app.example.com"],
  kmsKeyId,
  logRetentionInDays: 30,
  alarms: { errorRatePercent: 5 },
});

export const url = gateway.url;
export const webToken = web.token; // secret: pulumi stack output webToken --show-secrets
export const supportToken = support.token;
export const configurationIds = pulumi.output(
  Object.fromEntries(Object.entries(configurations).map(([name, configuration]) => [name, configuration.id])),
);
