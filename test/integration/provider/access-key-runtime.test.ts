import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { motoClient, secretString, uniqueNamespace } from "../../support/moto";

const client = motoClient();
const provider = createAccessKeyProvider(() => client);

async function createAccessKey(namespace: string, overrides: Record<string, unknown> = {}) {
  const checked = await provider.check({}, { namespace, name: "web app", ...overrides });
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs, ...(await provider.create(checked.inputs)) };
}

describe("AccessKey runtime against Secrets Manager (moto)", () => {
  it("makes a kw- token with 256 bits of entropy and stores only its SHA-256 hash", async () => {
    const namespace = uniqueNamespace("ak");
    const { id, outs } = await createAccessKey(namespace, { expiresAt: "2027-01-31T00:00:00+01:00" });

    expect(id).toMatch(/^kwak_/);
    expect(outs.token).toMatch(/^kw-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(outs.token.slice(3), "base64url")).toHaveLength(32);
    expect(outs.keyRedacted).toBe(`${outs.token.slice(0, 10)}***${outs.token.slice(-4)}`);
    const stored = await secretString(client, outs.secretArn);
    expect(stored).not.toContain(outs.token);
    expect(JSON.parse(stored)).toEqual({
      schemaVersion: 1,
      kind: "access-key",
      id,
      name: "web app",
      description: null,
      configurationId: null,
      tokenSha256: createHash("sha256").update(outs.token).digest("hex"),
      expiresAt: "2027-01-30T23:00:00.000Z",
      disabled: false,
    });
  });

  it("disabling keeps the token: the update rewrites the payload with the same hash", async () => {
    const namespace = uniqueNamespace("ak");
    const { id, inputs, outs } = await createAccessKey(namespace);
    const news = (await provider.check(inputs, { ...inputs, disabled: true })).inputs;

    const updated = await provider.update(id, outs, news);

    expect(updated.outs.token).toBe(outs.token);
    const stored = JSON.parse(await secretString(client, outs.secretArn));
    expect(stored.disabled).toBe(true);
    expect(stored.tokenSha256).toBe(createHash("sha256").update(outs.token).digest("hex"));
  });

  it("refuses a configurationId that does not exist in the namespace", async () => {
    const namespace = uniqueNamespace("ak");
    const checked = await provider.check(
      {},
      { namespace, name: "web", configurationId: "kwac_aaaaaaaaaaaaaaaaaaaaaaaaaa" },
    );

    await expect(provider.create(checked.inputs)).rejects.toThrow(
      `keyway: access key "web": configurationId kwac_aaaaaaaaaaaaaaaaaaaaaaaaaa does not exist in namespace "${namespace}"; use the id of an AccessKeyConfiguration in the same namespace`,
    );
  });

  it("refresh marks a hash changed outside Pulumi as drift, and the next update repairs it", async () => {
    const namespace = uniqueNamespace("ak");
    const { id, inputs, outs } = await createAccessKey(namespace);
    const { PutSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const stored = JSON.parse(await secretString(client, outs.secretArn));
    await client.send(
      new PutSecretValueCommand({
        SecretId: outs.secretArn,
        SecretString: JSON.stringify({ ...stored, tokenSha256: "00".repeat(32) }),
      }),
    );

    const refreshed = await provider.read(id, outs);
    expect(refreshed.props.payloadUnreadable).toBe(true);
    expect(await provider.diff(id, refreshed.props, inputs)).toMatchObject({ changes: true, replaces: [] });
    await provider.update(id, refreshed.props, inputs);

    expect(JSON.parse(await secretString(client, outs.secretArn)).tokenSha256).toBe(stored.tokenSha256);
  });

  it("check explains a malformed expiry and configuration id", async () => {
    const checked = await provider.check(
      {},
      { namespace: "ns", name: "web", expiresAt: "next tuesday", configurationId: "aigac_123" },
    );

    expect(checked.failures?.map((failure: { reason: string }) => failure.reason)).toEqual([
      'configurationId: "aigac_123" is not a keyway configuration id; use an AccessKeyConfiguration\'s id output (kwac_...), or omit it to allow every provider and model',
      'expiresAt: "next tuesday" is not an ISO 8601 instant with a time zone; use e.g. "2027-01-31T00:00:00Z"',
    ]);
  });
});
