import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { createIssue } from "../../contract/configuration-issue";
import { isRecord } from "../../contract/json-value";
import { keyReferences } from "../../contract/named-key-references";
import { formatLocatedIssue, type LocatedIssue } from "../../gateway-lambda/store/serve-file/located-issue";
import { otherProviderKeyMessage } from "../../gateway-lambda/store/serve-file/reference-messages";
import { locateIssues } from "../../gateway-lambda/store/serve-file/yaml-source";
import {
  AccessKeyConfiguration,
  type AccessKeyConfigurationArgs,
} from "../resources/access-key-configuration";
import type { ProviderKey } from "../resources/provider-key";
import type { StorageArgs } from "../resources/storage-args";
import { type ConfigurationFile, checkConfigurationFile, sameNameIssues } from "./configuration-file";
import { hasConfigurationExtension, isKeyCatalogFile } from "./file-kinds";

export interface ConfigurationFilesArgs extends StorageArgs {
  /**
   * The provider keys the files may name, by the name they use: `{ "openai-primary": primary }` lets a
   * file write `keys: [{ key: openai-primary }]`. A name not in here is an error naming the file and line.
   */
  providerKeys: Record<string, Pick<ProviderKey, "id" | "providerId">>;
  /** Put before each resource name: with `"routing-"`, `prod.yaml` becomes the resource `routing-prod`. Default: none. */
  namePrefix?: string;
}

/**
 * Thrown when configuration files are not valid; the message lists every problem of every file as
 * `file:line:column: error: path: message`. A `RunError`, so Pulumi prints the list without a stack.
 */
export class ConfigurationFilesError extends pulumi.RunError {
  override readonly name = "ConfigurationFilesError";
  readonly issues: readonly LocatedIssue[];

  constructor(directory: string, issues: readonly LocatedIssue[]) {
    const errors = issues.filter((issue) => issue.severity === "error");
    const files = new Set(errors.map((issue) => issue.file)).size;
    super(
      `keyway: ${plural(files, "configuration file")} in ${directory} ${files === 1 ? "is" : "are"} not valid ` +
        `(${plural(errors.length, "error")}):\n${issues.map(formatLocatedIssue).join("\n")}`,
    );
    this.issues = issues;
  }
}

/**
 * Reads a directory of configuration files, one access-key configuration per `.yaml`, `.yml` or
 * `.json` file (subdirectories and `keyway.keys.*` are not read), and declares a
 * `keyway.AccessKeyConfiguration` for each, named after its file. Every file is checked first by the
 * same validator as the resource, and `{ key: name }` references against `providerKeys`; any error
 * throws a {@link ConfigurationFilesError} listing them all, before any resource is declared.
 * References become the keys' ids. A key of another provider than its rule's fails that configuration
 * with the file's line, as soon as the key's provider is known (at preview for keys declared in the
 * program); the resource's own create/update check stays the backstop.
 *
 * @example
 * const configurations = keyway.loadConfigurationFiles("routing", {
 *   providerKeys: { "openai-primary": primary, "openai-backup": backup },
 * });
 * new keyway.AccessKey("web", { name: "web app", configurationId: configurations.prod.id });
 */
export function loadConfigurationFiles(
  directory: string,
  args: ConfigurationFilesArgs,
  opts?: pulumi.CustomResourceOptions,
): Record<string, AccessKeyConfiguration> {
  const known = {
    names: new Map(Object.keys(args.providerKeys).map((name) => [name, undefined])),
    source: "providerKeys",
  };
  const files = readConfigurationFiles(directory).map(({ path, text }) =>
    checkConfigurationFile(text, path, known),
  );
  const issues = [...files.flatMap((file) => file.issues), ...sameNameIssues(files)];
  if (issues.some((issue) => issue.severity === "error"))
    throw new ConfigurationFilesError(directory, issues);
  for (const warning of issues) pulumi.log.warn(formatLocatedIssue(warning));

  const { providerKeys, namePrefix = "", ...storage } = args;
  const configurations: Record<string, AccessKeyConfiguration> = {};
  for (const file of files) {
    const value = file.value ?? {};
    const resource: { current?: AccessKeyConfiguration } = {};
    const router = resolveKeyReferences(file, providerKeys, resource);
    resource.current = new AccessKeyConfiguration(
      `${namePrefix}${file.name}`,
      {
        ...storage,
        name: value.name as string,
        description: value.description as string | undefined,
        metadata: value.metadata as string | undefined,
        access: value.access as AccessKeyConfigurationArgs["access"],
        router,
        timeouts: value.timeouts as AccessKeyConfigurationArgs["timeouts"],
      },
      opts,
    );
    configurations[file.name] = resource.current;
  }
  return configurations;
}

function readConfigurationFiles(directory: string): { path: string; text: string }[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter(
      (entry) => entry.isFile() && hasConfigurationExtension(entry.name) && !isKeyCatalogFile(entry.name),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ path: join(directory, name), text: readFileSync(join(directory, name), "utf8") }));
}

type KeyCheckTarget = { current?: AccessKeyConfiguration };

/** The file's router with each `{ key: name }` replaced by `{ id: providerKeys[name].id }`. */
function resolveKeyReferences(
  file: ConfigurationFile,
  providerKeys: ConfigurationFilesArgs["providerKeys"],
  resource: KeyCheckTarget,
): AccessKeyConfigurationArgs["router"] {
  const router = file.value?.router;
  if (!isRecord(router)) return router as undefined;
  const resolved = structuredClone(router);
  for (const reference of keyReferences({ router: resolved })) {
    const name = reference.value.key;
    const key = typeof name === "string" ? providerKeys[name] : undefined;
    if (key === undefined) continue;
    const checkedProvider = pulumi.output(key.providerId).apply((keyProvider) => {
      const ruleProvider = reference.ruleProvider;
      if (ruleProvider === undefined || keyProvider === ruleProvider) return keyProvider;
      const message = otherProviderKeyMessage(name as string, keyProvider, ruleProvider);
      const issue = createIssue([...reference.location, "key"], message);
      const [located] = file.source ? locateIssues([issue], file.source) : [];
      throw new pulumi.ResourceError(
        `keyway: ${located ? formatLocatedIssue(located) : message}`,
        resource.current,
        true,
      );
    });
    const { key: _, ...rest } = reference.value;
    for (const field of Object.keys(reference.value)) delete reference.value[field];
    Object.assign(reference.value, rest, {
      id: pulumi.all([key.id, checkedProvider]).apply(([id]) => id),
    });
  }
  return resolved as unknown as AccessKeyConfigurationArgs["router"];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
