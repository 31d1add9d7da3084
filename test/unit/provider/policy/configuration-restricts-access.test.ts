import { describe, expect, it } from "vitest";
import { configurationRestrictsAccess } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { accessKey, configuration } from "./resources";

const allowsEverything =
  'AccessKeyConfiguration "prod" allows every provider and every model: it sets neither access.providers.allow nor access.models.allow.';

describe("configuration-restricts-access", () => {
  it("passes a provider allow list, a model allow list, or an empty list (which blocks)", async () => {
    const scopes = [
      { providers: { allow: ["openai", "anthropic"] } },
      { models: { allow: ["openai:gpt-4o-mini"] } },
      { providers: { allow: [] } },
    ];

    const results = await Promise.all(
      scopes.map((access) => validate(configurationRestrictsAccess, configuration("prod", { access }))),
    );

    expect(results).toEqual([{ violations: [] }, { violations: [] }, { violations: [] }]);
  });

  it("reports a configuration without access, or with access but no allow list", async () => {
    const without = configuration("prod");
    delete without.props.access;
    const scopes = [
      without,
      configuration("prod", { access: {} }),
      configuration("prod", { access: { providers: {} } }),
    ];

    const results = await Promise.all(
      scopes.map((resource) => validate(configurationRestrictsAccess, resource)),
    );

    expect(results).toEqual([
      { violations: [allowsEverything] },
      { violations: [allowsEverything] },
      { violations: [allowsEverything] },
    ]);
  });

  it("decides on the known dimension when the other is unknown", async () => {
    const access = { providers: { allow: ["openai"] }, models: { allow: UNKNOWN_VALUE } };

    expect(await validate(configurationRestrictsAccess, configuration("prod", { access }))).toEqual({
      violations: [],
    });
  });

  it("passes an allow list whose entries are not known yet: it is a list", async () => {
    const access = { providers: { allow: [UNKNOWN_VALUE] } };

    expect(await validate(configurationRestrictsAccess, configuration("prod", { access }))).toEqual({
      violations: [],
    });
  });

  it("leaves the verdict to `pulumi up` when it depends on an unknown value", async () => {
    const results = [
      await validate(configurationRestrictsAccess, configuration("prod", { access: UNKNOWN_VALUE })),
      await validate(
        configurationRestrictsAccess,
        configuration("prod", { access: { providers: UNKNOWN_VALUE } }),
      ),
    ];

    expect(results.map((result) => result.violations)).toEqual([[], []]);
    expect(results.map((result) => result.undecided)).toEqual([
      "string value at .access can't be known during preview",
      "string value at .access.providers can't be known during preview",
    ]);
  });

  it("with requireModelAllowList, reports a provider allow list without a model allow list", async () => {
    const config = { requireModelAllowList: true };
    const providersOnly = configuration("prod");
    const both = configuration("prod", {
      access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o"] } },
    });

    const results = [
      await validate(configurationRestrictsAccess, providersOnly, config),
      await validate(configurationRestrictsAccess, both, config),
    ];

    expect(results).toEqual([
      {
        violations: [
          'AccessKeyConfiguration "prod" has no access.models.allow, so its keys may call every model of the allowed providers.',
        ],
      },
      { violations: [] },
    ]);
  });

  it("ignores other resource types", async () => {
    expect(await validate(configurationRestrictsAccess, accessKey("web"))).toEqual({ violations: [] });
  });

  it("is advisory by default and configurable", () => {
    expect(configurationRestrictsAccess.enforcementLevel).toBe("advisory");
    expect(configurationRestrictsAccess.configSchema?.properties.requireModelAllowList).toMatchObject({
      type: "boolean",
      default: false,
    });
  });
});
