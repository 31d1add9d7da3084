import { describe, expect, it } from "vitest";
import { parseStoredSecret } from "../../../../gateway-lambda/store/parse-stored-secret";

const PROVIDER_KEY_ID = "kwpk_abcdefghijklmnopqrstuvwxyz";
const ACCESS_KEY_ID = "kwak_abcdefghijklmnopqrstuvwxyz";
const NAME = `keyway/ns/provider-keys/${PROVIDER_KEY_ID}`;

const providerKey = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    schemaVersion: 1,
    kind: "provider-key",
    id: PROVIDER_KEY_ID,
    providerId: "openai",
    name: "OpenAI",
    description: null,
    metadata: null,
    value: "sk-test-0123456789",
    ...fields,
  });

describe("parseStoredSecret", () => {
  it("reads a provider key", () => {
    expect(parseStoredSecret("ns", NAME, providerKey())).toEqual({
      kind: "providerKey",
      record: { id: PROVIDER_KEY_ID, providerId: "openai", name: "OpenAI", value: "sk-test-0123456789" },
    });
  });

  it("drops another namespace's secret whose name shares the prefix", () => {
    expect(parseStoredSecret("ns", `keyway/ns-2/provider-keys/${PROVIDER_KEY_ID}`, providerKey())).toEqual({
      kind: "foreign",
    });
  });

  it("skips names outside the layout and payloads that disagree with their name", () => {
    expect(parseStoredSecret("ns", "keyway/ns/notes", "{}")).toEqual({
      kind: "skipped",
      reason: "the name is not keyway/<namespace>/<collection>/<id>",
    });
    expect(parseStoredSecret("ns", NAME, providerKey({ kind: "access-key" }))).toEqual({
      kind: "skipped",
      id: PROVIDER_KEY_ID,
      reason: `the payload's kind and id do not match the name (provider-keys/${PROVIDER_KEY_ID})`,
    });
    expect(parseStoredSecret("ns", NAME, providerKey({ value: "" }))).toMatchObject({
      reason: "value is missing",
    });
    expect(parseStoredSecret("ns", NAME, undefined)).toMatchObject({ reason: "the value is not JSON" });
  });

  it("checks every field of an access key", () => {
    const name = `keyway/ns/access-keys/${ACCESS_KEY_ID}`;
    const accessKey = (fields: Record<string, unknown>) =>
      JSON.stringify({
        schemaVersion: 1,
        kind: "access-key",
        id: ACCESS_KEY_ID,
        name: "web",
        description: null,
        configurationId: null,
        tokenSha256: "a".repeat(64),
        expiresAt: "2027-01-01T00:00:00.000Z",
        disabled: false,
        ...fields,
      });

    expect(parseStoredSecret("ns", name, accessKey({}))).toMatchObject({ kind: "accessKey" });
    expect(parseStoredSecret("ns", name, accessKey({ tokenSha256: "A".repeat(64) }))).toMatchObject({
      reason: "tokenSha256 is not a lowercase hex SHA-256",
    });
    expect(parseStoredSecret("ns", name, accessKey({ configurationId: "prod" }))).toMatchObject({
      reason: "configurationId is neither null nor a configuration id",
    });
    expect(parseStoredSecret("ns", name, accessKey({ expiresAt: "soon" }))).toMatchObject({
      reason: "expiresAt is neither null nor an ISO 8601 instant",
    });
    expect(parseStoredSecret("ns", name, accessKey({ disabled: "no" }))).toMatchObject({
      reason: "disabled is not a boolean",
    });
  });
});
