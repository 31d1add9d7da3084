import { describe, expect, it } from "vitest";
import { createAccessKeyProvider } from "../../../provider/runtime/access-key-provider";
import { UNKNOWN } from "../../../provider/runtime/inputs";
import { createProviderKeyProvider } from "../../../provider/runtime/provider-key-provider";

// check() makes no AWS call: a client that fails if used proves it.
const noClient = () => {
  throw new Error("check must not call AWS");
};
const providerKeys = createProviderKeyProvider(noClient);
const accessKeys = createAccessKeyProvider(noClient);
const SECRET = "sk-proj-CHECKCANARY-000000000000";

const reasons = (result: { failures?: { property: string; reason: string }[] }) =>
  (result.failures ?? []).map((failure) => `${failure.property}|${failure.reason}`);

describe("ProviderKey check", () => {
  it("reports every problem at once, each under no property name and naming its field", async () => {
    const result = await providerKeys.check(
      {},
      { namespace: "a/b", providerId: "OpenAI", name: "", value: `${SECRET} ` },
    );

    expect(reasons(result)).toEqual([
      '|providerId: "OpenAI" is not valid; provider ids are lowercase letters, digits and "-", e.g. "openai"',
      "|name: is required",
      "|value: contains whitespace; set the key without spaces or newlines",
      '|namespace: "a/b" is not valid; use 1-64 letters, digits or _+=.@- (no \'/\'), e.g. "myapp-prod"',
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("CHECKCANARY");
  });

  it("rejects a value Secrets Manager would not store, without echoing it", async () => {
    const result = await providerKeys.check(
      {},
      { namespace: "ns", providerId: "openai", name: "k", value: "x".repeat(60_001) },
    );

    expect(reasons(result)).toEqual(["|value: is longer than 60000 bytes"]);
  });

  it("rejects recovery windows outside 7-30 days and a window combined with force delete", async () => {
    const base = { namespace: "ns", providerId: "openai", name: "k", value: SECRET };

    expect(reasons(await providerKeys.check({}, { ...base, recoveryWindowInDays: 3 }))).toEqual([
      "|recoveryWindowInDays: must be a whole number of days from 7 to 30 (Secrets Manager's limits), got 3; use forceDeleteWithoutRecovery to delete at once",
    ]);
    expect(
      reasons(
        await providerKeys.check({}, { ...base, recoveryWindowInDays: 10, forceDeleteWithoutRecovery: true }),
      ),
    ).toEqual(["|forceDeleteWithoutRecovery: cannot be combined with recoveryWindowInDays; set one of them"]);
  });

  it("accepts values Pulumi does not know yet", async () => {
    const result = await providerKeys.check(
      {},
      { namespace: "ns", providerId: UNKNOWN, name: UNKNOWN, value: UNKNOWN },
    );

    expect(result.failures).toEqual([]);
  });

  it("returns no undefined anywhere in the checked inputs", async () => {
    const result = await providerKeys.check(
      {},
      { namespace: "ns", providerId: "openai", name: "k", value: SECRET, description: undefined },
    );

    expect(Object.values(result.inputs ?? {})).not.toContain(undefined);
    expect(result.inputs).toEqual({ namespace: "ns", providerId: "openai", name: "k", value: SECRET });
  });
});

describe("AccessKey check", () => {
  it("normalizes the expiry to UTC so refresh and diff compare like with like", async () => {
    const result = await accessKeys.check(
      {},
      { namespace: "ns", name: "web", expiresAt: "2027-01-31T01:00:00+01:00" },
    );

    expect(result.inputs?.expiresAt).toBe("2027-01-31T00:00:00.000Z");
  });

  it("accepts an unknown configuration id during preview", async () => {
    const result = await accessKeys.check({}, { namespace: "ns", name: "web", configurationId: UNKNOWN });

    expect(result.failures).toEqual([]);
  });
});
