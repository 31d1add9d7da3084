import { describe, expect, it } from "vitest";
import { accessKeyHasConfiguration } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { accessKey, providerKey } from "./resources";

describe("access-key-has-configuration", () => {
  it("passes an access key that names its configuration", async () => {
    expect(await validate(accessKeyHasConfiguration, accessKey("web"))).toEqual({ violations: [] });
  });

  it("reports an access key without configurationId, naming it", async () => {
    const web = accessKey("web");
    delete web.props.configurationId;

    expect(await validate(accessKeyHasConfiguration, web)).toEqual({
      violations: ['AccessKey "web" has no configurationId; set it to an AccessKeyConfiguration\'s id.'],
    });
  });

  it("reports an empty or null configurationId", async () => {
    const results = [
      await validate(accessKeyHasConfiguration, accessKey("a", { configurationId: "" })),
      await validate(accessKeyHasConfiguration, accessKey("b", { configurationId: null })),
    ];

    expect(results.map((result) => result.violations.length)).toEqual([1, 1]);
  });

  it("passes a configurationId unknown at preview: its configuration is created in the same update", async () => {
    const result = await validate(
      accessKeyHasConfiguration,
      accessKey("web", { configurationId: UNKNOWN_VALUE }),
    );

    expect(result).toEqual({ violations: [] });
  });

  it("does not read other properties, so an unknown name changes nothing", async () => {
    const web = accessKey("web", { name: UNKNOWN_VALUE, description: UNKNOWN_VALUE });
    delete web.props.configurationId;

    expect((await validate(accessKeyHasConfiguration, web)).violations).toHaveLength(1);
  });

  it("ignores other resource types", async () => {
    expect(await validate(accessKeyHasConfiguration, providerKey("openai-primary"))).toEqual({
      violations: [],
    });
  });

  it("is mandatory by default", () => {
    expect(accessKeyHasConfiguration.enforcementLevel).toBe("mandatory");
  });
});
