import { describe, expect, it } from "vitest";
import { createAccessKeyConfigurationProvider } from "../../../provider/runtime/access-key-configuration-provider";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";
import { motoClient, secretString, uniqueNamespace } from "../../support/moto";

const client = motoClient();
const keys = createProviderKeyProvider(() => client);
const configurations = createAccessKeyConfigurationProvider(() => client);

async function createKey(namespace: string, providerId: string) {
  const checked = await keys.check(
    {},
    { namespace, providerId, name: `${providerId} key`, value: `sk-${providerId}-0123456789abcdefghijkl` },
  );
  return (await keys.create(checked.inputs)).id;
}

function routing(providerId: string, keyIds: string[]) {
  return {
    name: "prod",
    access: { providers: { allow: [providerId] } },
    router: {
      rules: [
        {
          provider: providerId,
          steps: [{ type: "user", keySelectionStrategy: "ordered", keys: keyIds.map((id) => ({ id })) }],
        },
      ],
    },
  };
}

describe("AccessKeyConfiguration runtime against Secrets Manager (moto)", () => {
  it("stores the validated configuration under keyway/<namespace>/configurations/<id>", async () => {
    const namespace = uniqueNamespace("cfg");
    const primary = await createKey(namespace, "openai");
    const backup = await createKey(namespace, "openai");
    const checked = await configurations.check({}, { namespace, ...routing("openai", [primary, backup]) });
    expect(checked.failures).toEqual([]);

    const { id, outs } = await configurations.create(checked.inputs);

    expect(id).toMatch(/^kwac_[a-z2-7]{26}$/);
    expect(outs.secretName).toBe(`keyway/${namespace}/configurations/${id}`);
    expect(JSON.parse(await secretString(client, outs.secretArn))).toEqual({
      schemaVersion: 1,
      kind: "access-key-configuration",
      id,
      configuration: routing("openai", [primary, backup]),
    });
  });

  it("refuses a key that does not exist in the namespace and a key of another provider, naming each field", async () => {
    const namespace = uniqueNamespace("cfg");
    const anthropicKey = await createKey(namespace, "anthropic");
    const missing = "kwpk_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    const checked = await configurations.check(
      {},
      { namespace, ...routing("openai", [missing, anthropicKey]) },
    );

    await expect(configurations.create(checked.inputs)).rejects.toThrow(
      [
        'keyway: configuration "prod" references provider keys it cannot use:',
        `router.rules[0].steps[0].keys[0].id: provider key ${missing} does not exist in namespace "${namespace}"; reference the id of a keyway.ProviderKey in the same namespace`,
        `router.rules[0].steps[0].keys[1].id: provider key ${anthropicKey} is a "anthropic" key, but this rule routes "openai"; use a key of that provider`,
      ].join("\n"),
    );
  });

  it("an update that changes the routing writes one new version; the previous routing stays as AWSPREVIOUS", async () => {
    const namespace = uniqueNamespace("cfg");
    const primary = await createKey(namespace, "openai");
    const backup = await createKey(namespace, "openai");
    const first = await configurations.check({}, { namespace, ...routing("openai", [primary, backup]) });
    const { id, outs } = await configurations.create(first.inputs);
    const swapped = (
      await configurations.check(first.inputs, { namespace, ...routing("openai", [backup, primary]) })
    ).inputs;

    expect(await configurations.diff(id, outs, swapped)).toMatchObject({ changes: true, replaces: [] });
    await configurations.update(id, outs, swapped);

    const current = JSON.parse(await secretString(client, outs.secretArn));
    const previous = JSON.parse(await secretString(client, outs.secretArn, "AWSPREVIOUS"));
    expect(current.configuration.router.rules[0].steps[0].keys).toEqual([{ id: backup }, { id: primary }]);
    expect(previous.configuration.router.rules[0].steps[0].keys).toEqual([{ id: primary }, { id: backup }]);
  });

  it("check accepts key ids Pulumi does not know yet (preview) and writes nothing", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const checked = await configurations.check(
      {},
      { namespace: uniqueNamespace("cfg"), ...routing("openai", [unknown, unknown]) },
    );

    expect(checked.failures).toEqual([]);
  });
});
