import { describe, expect, it } from "vitest";
import { providerKeyCustomerManagedKms } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { accessKey, providerKey } from "./resources";

describe("provider-key-customer-managed-kms", () => {
  it("passes a customer-managed key by alias, key id or ARN", async () => {
    const keys = [
      "alias/keyway-prod",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ];

    const results = await Promise.all(
      keys.map((kmsKeyId) =>
        validate(providerKeyCustomerManagedKms, providerKey("openai-primary", { kmsKeyId })),
      ),
    );

    expect(results.every((result) => result.violations.length === 0)).toBe(true);
  });

  it("reports a key without kmsKeyId: the AWS-managed key encrypts it", async () => {
    expect(await validate(providerKeyCustomerManagedKms, providerKey("openai-primary"))).toEqual({
      violations: [
        'ProviderKey "openai-primary" has no kmsKeyId, so Secrets Manager encrypts it with the AWS-managed aws/secretsmanager key.',
      ],
    });
  });

  it("reports the AWS-managed key named explicitly, by alias or alias ARN", async () => {
    const keys = ["alias/aws/secretsmanager", "arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager"];

    const results = await Promise.all(
      keys.map((kmsKeyId) =>
        validate(providerKeyCustomerManagedKms, providerKey("openai-primary", { kmsKeyId })),
      ),
    );

    expect(results.map((result) => result.violations)).toEqual([
      ['ProviderKey "openai-primary" uses the AWS-managed KMS key alias/aws/secretsmanager.'],
      [
        'ProviderKey "openai-primary" uses the AWS-managed KMS key arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager.',
      ],
    ]);
  });

  it("passes a kmsKeyId unknown at preview: it comes from a key created in the same update", async () => {
    const result = await validate(
      providerKeyCustomerManagedKms,
      providerKey("openai-primary", { kmsKeyId: UNKNOWN_VALUE }),
    );

    expect(result).toEqual({ violations: [] });
  });

  it("never puts the provider key's value in a message", async () => {
    const result = await validate(providerKeyCustomerManagedKms, providerKey("openai-primary"));

    expect(JSON.stringify(result)).not.toContain("sk-proj");
  });

  it("ignores access keys and is advisory by default", async () => {
    expect(await validate(providerKeyCustomerManagedKms, accessKey("web"))).toEqual({ violations: [] });
    expect(providerKeyCustomerManagedKms.enforcementLevel).toBe("advisory");
  });
});
