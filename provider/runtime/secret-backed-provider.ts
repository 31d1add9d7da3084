/**
 * The lifecycle every keyway resource shares: one secret per resource, replaced only when what names
 * it changes, updated in place otherwise. Each resource type supplies a `ResourceSpec`; this file
 * turns it into the check/diff/create/read/update/delete methods the Pulumi engine calls.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type * as pulumi from "@pulumi/pulumi";
import { createResourceId, type ResourceKind } from "../../contract/ids";
import { type SecretPayload, secretName } from "../../contract/storage-layout";
import {
  type CheckFailure,
  type CommonInputs,
  canonicalJson,
  checkCommonInputs,
  compact,
  diffProperties,
  pickCommonInputs,
} from "./inputs";
import {
  createResourceSecret,
  deleteResourceSecret,
  putResourcePayload,
  readResourcePayload,
  updateResourceSecretSettings,
} from "./resource-secret";

export interface ResourceSpec<
  Inputs extends CommonInputs,
  Payload extends SecretPayload,
  Generated extends object,
> {
  kind: ResourceKind;
  /** Properties whose change replaces the resource (a new id and a new secret). */
  replace: readonly string[];
  /** Properties that change in place. */
  update: readonly string[];
  /** Values equal to leaving the property out, for diff (see `diffProperties`). */
  defaults?: Readonly<Record<string, unknown>>;
  /** Checks the resource's own inputs (the common ones are checked here) and returns them cleaned. */
  checkInputs(news: Record<string, unknown>, failures: CheckFailure[]): Record<string, unknown>;
  /** Values made once at create and kept for the resource's life (an access key's token). */
  generate(): Generated;
  /** The generated values, read back from stored outputs. */
  generatedFrom(outputs: Record<string, unknown>): Generated;
  payload(id: string, inputs: Inputs, generated: Generated): Payload;
  /** The secret's Description: names only, never secret material. */
  description(inputs: Inputs): string;
  tags?(inputs: Inputs): Record<string, string>;
  /** Checks against other secrets (referenced keys, configurations) before create and update. */
  validateReferences?(client: SecretsManagerClient, inputs: Inputs): Promise<void>;
  /** Outputs computed from inputs and generated values (redacted forms). */
  derivedOutputs(inputs: Inputs, generated: Generated): Record<string, unknown>;
  /**
   * The declared inputs as they now stand in AWS, for refresh. Returns undefined when the payload is
   * not one keyway can read (edited by hand): refresh then reports drift and the next update repairs it.
   */
  inputsFromPayload(
    payload: unknown,
    id: string,
    generated: Generated,
  ): Omit<Inputs, keyof CommonInputs> | undefined;
}

interface StoredOutputs extends CommonInputs {
  secretArn: string;
  secretName: string;
  secretVersionId: string;
  [key: string]: unknown;
}

/** Leaving `forceDeleteWithoutRecovery` out deletes with a recovery window, as `false` does. */
const COMMON_DEFAULTS = { forceDeleteWithoutRecovery: false };

export type SecretBackedProvider = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

export function createSecretBackedProvider<
  Inputs extends CommonInputs,
  Payload extends SecretPayload,
  Generated extends object,
>(spec: ResourceSpec<Inputs, Payload, Generated>, client: () => SecretsManagerClient): SecretBackedProvider {
  const outputsOf = (
    inputs: Inputs,
    generated: Generated,
    stored: { arn: string; name: string; versionId: string },
  ) =>
    compact({
      ...inputs,
      ...generated,
      ...spec.derivedOutputs(inputs, generated),
      secretArn: stored.arn,
      secretName: stored.name,
      secretVersionId: stored.versionId,
    });
  const locate = (id: string, olds: StoredOutputs) => {
    const name = olds.secretName ?? secretName(olds.namespace, spec.kind, id);
    return { secretId: olds.secretArn ?? name, name };
  };

  return {
    async check(_olds, news) {
      const failures: CheckFailure[] = [];
      const inputs = spec.checkInputs(news, failures);
      checkCommonInputs(news, failures);
      // Every reason starts with its field path, and no failure names a property: for a named one the
      // CLI prints "property 'x' value <value> has a problem", which shows secret values and, for nested
      // paths, "<nil>". Unnamed, it prints "<type> resource '<name>' has a problem: <path>: <fix>".
      return {
        inputs: compact({ ...inputs, ...pickCommonInputs(news) }),
        failures: failures.map((failure) => ({ property: "", reason: failure.reason })),
      };
    },

    async diff(_id, olds, news) {
      // The dynamic-provider plugin (@pulumi/pulumi 3.276) forwards only changes, replaces and
      // deleteBeforeReplace: no per-property list, no detailed diff. So `replaces` names exactly the
      // properties that force a new secret, `changes` is false unless AWS would change, and the CLI
      // renders `--diff` from old vs new inputs itself (hiding `__provider`, marking `replaces`).
      const { changes, replaces } = diffProperties(olds, news, {
        replace: spec.replace,
        update: spec.update,
        defaults: { ...COMMON_DEFAULTS, ...spec.defaults },
      });
      const repair = olds.payloadUnreadable === true;
      // Names include the id, so the new secret never collides with the old: create-before-delete is safe.
      return { changes: changes || repair, replaces, deleteBeforeReplace: false };
    },

    async create(rawInputs) {
      const inputs = rawInputs as Inputs;
      await spec.validateReferences?.(client(), inputs);
      const id = createResourceId(spec.kind);
      const generated = spec.generate();
      const stored = await createResourceSecret(
        client(),
        { namespace: inputs.namespace, kind: spec.kind, id },
        {
          payload: spec.payload(id, inputs, generated),
          description: spec.description(inputs),
          kmsKeyId: inputs.kmsKeyId,
          extraTags: spec.tags?.(inputs),
        },
      );
      return { id, outs: outputsOf(inputs, generated, stored) };
    },

    async read(id, props) {
      const olds = props as StoredOutputs;
      const location = locate(id, olds);
      const current = await readResourcePayload(client(), location);
      // Gone (deleted or scheduled for deletion outside Pulumi): no id tells the engine so.
      if (!current) return {};
      const generated = spec.generatedFrom(olds);
      const own = spec.inputsFromPayload(current.payload, id, generated);
      const stored = { arn: current.arn, name: location.name, versionId: current.versionId };
      if (!own) {
        // Unreadable payload: keep the state but mark the version as foreign, so the next `pulumi up`
        // sees a change and writes the declared payload again.
        return { id, props: { ...olds, secretVersionId: current.versionId, payloadUnreadable: true } };
      }
      const inputs = compact({ ...pickCommonInputs(olds), ...own }) as Inputs;
      return { id, props: outputsOf(inputs, generated, stored), inputs };
    },

    async update(id, rawOlds, rawNews) {
      const olds = rawOlds as StoredOutputs & Inputs;
      const inputs = rawNews as Inputs;
      await spec.validateReferences?.(client(), inputs);
      const target = { arn: olds.secretArn, name: olds.secretName, id };
      const kmsChanged = (olds.kmsKeyId ?? null) !== (inputs.kmsKeyId ?? null);
      if (kmsChanged || spec.description(olds) !== spec.description(inputs)) {
        await updateResourceSecretSettings(client(), target, {
          description: spec.description(inputs),
          kmsKeyId: inputs.kmsKeyId,
        });
      }
      const generated = spec.generatedFrom(olds);
      const payload = spec.payload(id, inputs, generated);
      let versionId = olds.secretVersionId;
      const payloadChanged =
        olds.payloadUnreadable === true ||
        canonicalJson(payload) !== canonicalJson(spec.payload(id, olds, generated));
      // A new KMS key protects only versions written after the change, so write one.
      if (payloadChanged || kmsChanged) {
        versionId = await putResourcePayload(client(), { ...target, previousVersionId: versionId }, payload);
      }
      return {
        outs: outputsOf(inputs, generated, { arn: olds.secretArn, name: olds.secretName, versionId }),
      };
    },

    async delete(id, props) {
      const olds = props as StoredOutputs;
      await deleteResourceSecret(client(), locate(id, olds), olds);
    },
  };
}
