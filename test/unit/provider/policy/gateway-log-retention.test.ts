import { describe, expect, it } from "vitest";
import { gatewayLogRetention, KEYWAY_TYPES } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { gatewayLogGroup } from "./resources";

describe("gateway-log-retention", () => {
  it("passes the gateway's log group with the Gateway's default of 30 days", async () => {
    expect(await validate(gatewayLogRetention, gatewayLogGroup())).toEqual({ violations: [] });
  });

  it("reports a gateway log group kept forever: retention 0 or none", async () => {
    const forever = gatewayLogGroup();
    delete forever.props.retentionInDays;

    const results = [
      await validate(gatewayLogRetention, gatewayLogGroup({ retentionInDays: 0 })),
      await validate(gatewayLogRetention, forever),
    ];

    expect(results.map((result) => result.violations)).toEqual([
      ['Log group "ai-logs" keeps the gateway\'s request logs forever (no retentionInDays).'],
      ['Log group "ai-logs" keeps the gateway\'s request logs forever (no retentionInDays).'],
    ]);
  });

  it("recognises the log group by its parent, also when its name is unknown at first preview", async () => {
    const result = await validate(
      gatewayLogRetention,
      gatewayLogGroup({ name: UNKNOWN_VALUE, retentionInDays: 0 }),
    );

    expect(result.violations).toHaveLength(1);
  });

  it("checks a Gateway nested in the team's own component", async () => {
    const nested = gatewayLogGroup({ retentionInDays: 0 }, ["acme:platform:AiStack", KEYWAY_TYPES.gateway]);

    expect((await validate(gatewayLogRetention, nested)).violations).toHaveLength(1);
  });

  it("ignores log groups the Gateway did not create", async () => {
    const results = [
      await validate(gatewayLogRetention, gatewayLogGroup({ retentionInDays: 0 }, [])),
      await validate(gatewayLogRetention, gatewayLogGroup({ retentionInDays: 0 }, ["acme:platform:Worker"])),
    ];

    expect(results).toEqual([{ violations: [] }, { violations: [] }]);
  });

  it("leaves an unknown retention to `pulumi up`", async () => {
    const result = await validate(gatewayLogRetention, gatewayLogGroup({ retentionInDays: UNKNOWN_VALUE }));

    expect(result).toEqual({
      violations: [],
      undecided: "string value at .retentionInDays can't be known during preview",
    });
  });

  it("enforces maximumDays when configured", async () => {
    const config = { maximumDays: 14 };

    const results = [
      await validate(gatewayLogRetention, gatewayLogGroup(), config),
      await validate(gatewayLogRetention, gatewayLogGroup({ retentionInDays: 7 }), config),
    ];

    expect(results).toEqual([
      { violations: ['Log group "ai-logs" keeps the gateway\'s request logs 30 days; the limit is 14.'] },
      { violations: [] },
    ]);
  });

  it("is advisory by default", () => {
    expect(gatewayLogRetention.enforcementLevel).toBe("advisory");
  });
});
