import { describe, expect, it } from "vitest";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";
import {
  describeSecret,
  listNamespaceSecrets,
  motoClient,
  secretString,
  uniqueNamespace,
} from "../../support/moto";

const client = motoClient();
const provider = createProviderKeyProvider(() => client);
const KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789wxyz";

async function createKey(namespace: string, overrides: Record<string, unknown> = {}) {
  const checked = await provider.check(
    {},
    { namespace, providerId: "openai", name: "OpenAI primary", value: KEY, ...overrides },
  );
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs, ...(await provider.create(checked.inputs)) };
}

describe("ProviderKey runtime against Secrets Manager (moto)", () => {
  it("stores the key as versioned JSON under keyway/<namespace>/provider-keys/<id>, tagged for IAM and audit", async () => {
    const namespace = uniqueNamespace("pk");
    const { id, outs } = await createKey(namespace);

    expect(id).toMatch(/^kwpk_[a-z2-7]{26}$/);
    expect(outs.secretName).toBe(`keyway/${namespace}/provider-keys/${id}`);
    expect(outs.keyRedacted).toBe("sk-proj-ab***wxyz");
    expect(JSON.parse(await secretString(client, outs.secretArn))).toEqual({
      schemaVersion: 1,
      kind: "provider-key",
      id,
      providerId: "openai",
      name: "OpenAI primary",
      description: null,
      metadata: null,
      value: KEY,
    });
    const described = await describeSecret(client, outs.secretArn);
    expect(Object.fromEntries((described.Tags ?? []).map((tag) => [tag.Key, tag.Value]))).toEqual({
      "keyway:kind": "provider-key",
      "keyway:namespace": namespace,
      "keyway:id": id,
      "keyway:provider": "openai",
      "keyway:managed-by": "pulumi",
    });
    expect(described.Description).toBe('keyway provider key "OpenAI primary" for openai');
  });

  it("rotates in place: same id and secret, AWSPREVIOUS keeps the old value", async () => {
    const namespace = uniqueNamespace("pk");
    const { id, inputs, outs } = await createKey(namespace);
    const rotated = "sk-proj-ROTATEDrotatedROTATEDrotated9999";
    const news = (await provider.check(inputs, { ...inputs, value: rotated })).inputs;

    const diff = await provider.diff(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await provider.update(id, outs, news);

    expect(updated.outs.secretArn).toBe(outs.secretArn);
    expect(updated.outs.keyRedacted).toBe("sk-proj-RO***9999");
    expect(JSON.parse(await secretString(client, outs.secretArn)).value).toBe(rotated);
    expect(JSON.parse(await secretString(client, outs.secretArn, "AWSPREVIOUS")).value).toBe(KEY);
  });

  it("a retried create of the same secret does not make a second one", async () => {
    // The SDK retries with the same ClientRequestToken; simulate a lost response by sending twice.
    const { createResourceSecret } = await import("../../../provider/runtime/resource-secret");
    const namespace = uniqueNamespace("pk");
    const location = { namespace, kind: "providerKey" as const, id: "kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa" };
    const write = {
      payload: {
        schemaVersion: 1 as const,
        kind: "provider-key" as const,
        id: location.id,
        providerId: "openai",
        name: "n",
        description: null,
        metadata: null,
        value: KEY,
      },
      description: "d",
    };
    const first = await createResourceSecret(client, location, write);
    const second = await createResourceSecret(client, location, write);

    expect(second.arn).toBe(first.arn);
    expect(await listNamespaceSecrets(client, namespace)).toHaveLength(1);
  });

  it("replaces on a providerId change and updates in place on a name change", async () => {
    const namespace = uniqueNamespace("pk");
    const { id, inputs, outs } = await createKey(namespace);

    expect(await provider.diff(id, outs, { ...inputs, providerId: "anthropic" })).toMatchObject({
      changes: true,
      replaces: ["providerId"],
    });
    expect(await provider.diff(id, outs, { ...inputs, name: "renamed" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff(id, outs, inputs)).toMatchObject({ changes: false, replaces: [] });
  });

  it("refresh reports an out-of-band value change and a deleted secret as gone", async () => {
    const namespace = uniqueNamespace("pk");
    const { id, outs } = await createKey(namespace);
    const { PutSecretValueCommand, DeleteSecretCommand } = await import("@aws-sdk/client-secrets-manager");
    const stored = JSON.parse(await secretString(client, outs.secretArn));
    await client.send(
      new PutSecretValueCommand({
        SecretId: outs.secretArn,
        SecretString: JSON.stringify({ ...stored, value: "sk-edited-by-hand-0000000000" }),
      }),
    );

    const refreshed = await provider.read(id, outs);
    expect(refreshed.props.value).toBe("sk-edited-by-hand-0000000000");
    expect(refreshed.inputs.value).toBe("sk-edited-by-hand-0000000000");

    await client.send(new DeleteSecretCommand({ SecretId: outs.secretArn, RecoveryWindowInDays: 7 }));
    expect(await provider.read(id, outs)).toEqual({});
  });

  it("delete schedules deletion with the recovery window and treats an already-deleted secret as deleted", async () => {
    const namespace = uniqueNamespace("pk");
    const { id, outs } = await createKey(namespace, { recoveryWindowInDays: 10 });

    await provider.delete(id, outs);
    const described = await describeSecret(client, outs.secretArn);
    expect(described.DeletedDate).toBeInstanceOf(Date);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();

    const forced = await createKey(namespace, { forceDeleteWithoutRecovery: true });
    await provider.delete(forced.id, forced.outs);
    await expect(describeSecret(client, forced.outs.secretArn)).rejects.toThrow(/can't find|not found/i);
  });
});
