/**
 * Test fixtures for the Secrets Manager store: real resources written by the provider runtime into
 * moto, raw secrets for the cases the provider would never write, a client that counts (and can fail)
 * its calls, and a logger that keeps every line.
 */
import {
  CreateSecretCommand,
  type CreateSecretCommandInput,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { expect } from "vitest";
import type { Logger, LogLevel } from "../../../gateway-lambda/logger";
import { createAccessKeyConfigurationProvider } from "../../../provider/runtime/access-key-configuration-provider";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";

export interface InstrumentedClient {
  client: SecretsManagerClient;
  /** Command names, in the order they were sent. */
  calls: string[];
  /** While set, every call fails with this error before reaching moto. */
  failWith: Error | undefined;
  /** While true, requests go to a closed loopback port (a real connection failure). */
  unreachable: boolean;
}

/** A moto client that records each command and fails on demand, through two middlewares. */
export function instrumentedClient(): InstrumentedClient {
  const instrumented: InstrumentedClient = {
    client: new SecretsManagerClient({ maxAttempts: 1 }),
    calls: [],
    failWith: undefined,
    unreachable: false,
  };
  instrumented.client.middlewareStack.add(
    (next, context) => async (args) => {
      instrumented.calls.push(context.commandName ?? "unknown");
      if (instrumented.failWith) throw instrumented.failWith;
      return next(args);
    },
    { step: "initialize", name: "keywayTestCallLog" },
  );
  instrumented.client.middlewareStack.add(
    (next) => async (args) => {
      if (instrumented.unreachable) Object.assign(args.request as object, { hostname: "127.0.0.1", port: 1 });
      return next(args);
    },
    { step: "build", name: "keywayTestUnreachable" },
  );
  return instrumented;
}

export interface LogLine {
  level: LogLevel;
  event: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  return {
    lines,
    log(level, event, fields = {}) {
      lines.push({ level, event, fields });
    },
    text: () => JSON.stringify(lines),
  };
}

const setupClient = new SecretsManagerClient({});
const providerKeys = createProviderKeyProvider(() => setupClient);
const configurations = createAccessKeyConfigurationProvider(() => setupClient);
const accessKeys = createAccessKeyProvider(() => setupClient);

export async function createProviderKey(namespace: string, providerId: string, name: string, value: string) {
  const checked = await providerKeys.check({}, { namespace, providerId, name, value });
  expect(checked.failures).toEqual([]);
  const { id, outs } = await providerKeys.create(checked.inputs);
  return { id, outs, inputs: checked.inputs };
}

export async function rotateProviderKey(
  created: Awaited<ReturnType<typeof createProviderKey>>,
  value: string,
) {
  const news = (await providerKeys.check(created.inputs, { ...created.inputs, value })).inputs;
  await providerKeys.update(created.id, created.outs, news);
}

export async function createConfiguration(namespace: string, configuration: Record<string, unknown>) {
  const checked = await configurations.check({}, { namespace, ...configuration });
  expect(checked.failures).toEqual([]);
  return (await configurations.create(checked.inputs)).id;
}

export async function createAccessKey(namespace: string, name: string, configurationId?: string) {
  const checked = await accessKeys.check({}, { namespace, name, configurationId });
  expect(checked.failures).toEqual([]);
  const { id, outs } = await accessKeys.create(checked.inputs);
  return { id, token: outs.token as string };
}

/** A secret in the namespace's layout and tags, with any value: what the provider would never write. */
export async function createRawSecret(namespace: string, path: string, secretString: string) {
  const input: CreateSecretCommandInput = {
    Name: `keyway/${namespace}/${path}`,
    SecretString: secretString,
    Tags: [
      { Key: "keyway:namespace", Value: namespace },
      { Key: "keyway:managed-by", Value: "pulumi" },
    ],
  };
  await setupClient.send(new CreateSecretCommand(input));
}

/** A well-formed resource id for a secret written by hand: `fakeId("kwac_", "broken")`. */
export function fakeId(prefix: string, word: string): string {
  return prefix + word.repeat(26).slice(0, 26);
}

export const OPENAI_PRIMARY = "sk-proj-PRIMARYprimaryPRIMARY0123456789";
export const OPENAI_BACKUP = "sk-proj-BACKUPbackupBACKUP0123456789ab";
export const ANTHROPIC_KEY = "sk-ant-api03-ANTHROPICanthropic0123456789";

/** A realistic namespace: three keys, a prod configuration with failover, two access keys. */
export async function seedNamespace(namespace: string) {
  const primary = await createProviderKey(namespace, "openai", "OpenAI primary", OPENAI_PRIMARY);
  const backup = await createProviderKey(namespace, "openai", "OpenAI backup", OPENAI_BACKUP);
  const anthropic = await createProviderKey(namespace, "anthropic", "Anthropic", ANTHROPIC_KEY);
  const prodConfiguration = {
    name: "prod",
    access: { providers: { allow: ["openai", "anthropic"] } },
    router: {
      rules: [
        { provider: "openai", steps: [{ type: "user", keys: [{ id: primary.id }, { id: backup.id }] }] },
        { provider: "anthropic", steps: [{ type: "user", keys: [{ id: anthropic.id }] }] },
      ],
    },
  };
  const prod = await createConfiguration(namespace, prodConfiguration);
  const webApp = await createAccessKey(namespace, "web app", prod);
  const notebook = await createAccessKey(namespace, "notebook");
  return { primary, backup, anthropic, prod, prodConfiguration, webApp, notebook };
}
