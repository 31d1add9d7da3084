import { describe, expect, it } from "vitest";
import { isResourceId } from "../../../contract/ids";
import { standInKeyId, validateWithNamedKeys } from "../../../contract/named-key-references";

const configuration = (keys: unknown[]) => ({
  name: "prod",
  router: { rules: [{ provider: "openai", steps: [{ type: "user", keys }] }] },
});

describe("validateWithNamedKeys", () => {
  it("validates { key } references as provider key ids and reports issues at the key field", () => {
    const result = validateWithNamedKeys(configuration([{ key: "a" }, { key: "a" }]), { field: "key" });

    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: "router.rules[0].steps[0].keys[1].key",
          pointer: "/router/rules/0/steps/0/keys/1/key",
          message: 'duplicate key "a" (also router.rules[0].steps[0].keys[0]); a step tries each key once',
          severity: "error",
        },
      ],
    });
  });

  it("leaves kwpk_ ids to the validator in both modes", () => {
    const id = "kwpk_abcdefghijklmnopqrstuvwxyz";
    expect(validateWithNamedKeys(configuration([{ id }, { key: "a" }]), { field: "key" })).toEqual({
      ok: true,
      issues: [],
    });
    expect(validateWithNamedKeys(configuration([{ id }, { id: "a" }]), { field: "id" })).toEqual({
      ok: true,
      issues: [],
    });
  });

  it("does not change the configuration it is given", () => {
    const input = configuration([{ key: "a" }]);
    validateWithNamedKeys(input, { field: "key" });

    expect(input.router.rules[0]?.steps[0]?.keys).toEqual([{ key: "a" }]);
  });

  it("derives one stable, valid kwpk_ id per name", () => {
    expect(isResourceId("providerKey", standInKeyId("openai-primary"))).toBe(true);
    expect(standInKeyId("openai-primary")).toBe(standInKeyId("openai-primary"));
    expect(standInKeyId("openai-primary")).not.toBe(standInKeyId("openai-backup"));
  });
});
