import { describe, expect, it } from "vitest";
import { gatewayCorsAllowedOrigins } from "../../../../provider/policy";
import { UNKNOWN_VALUE, validate } from "./policy-args";
import { corsFor, gatewayFunctionUrl } from "./resources";

const listed = { allowedOrigins: ["https://app.example.com", "https://admin.example.com"] };

describe("gateway-cors-allowed-origins", () => {
  it("passes a Function URL without CORS (browsers cannot call it)", async () => {
    expect(await validate(gatewayCorsAllowedOrigins, gatewayFunctionUrl())).toEqual({ violations: [] });
  });

  it("passes origins the configuration lists, whatever their case or trailing slash", async () => {
    const url = gatewayFunctionUrl({
      cors: corsFor(["https://app.example.com", "HTTPS://Admin.Example.com/"]),
    });

    expect(await validate(gatewayCorsAllowedOrigins, url, listed)).toEqual({ violations: [] });
  });

  it("reports an origin the configuration does not list, naming both", async () => {
    const url = gatewayFunctionUrl({
      cors: corsFor(["https://app.example.com", "https://evil.example.net"]),
    });

    expect(await validate(gatewayCorsAllowedOrigins, url, listed)).toEqual({
      violations: [
        'Function URL "ai-url" allows CORS from origins the policy does not list: https://evil.example.net (listed: https://app.example.com, https://admin.example.com).',
      ],
    });
  });

  it("reports every origin when no origins are configured", async () => {
    const url = gatewayFunctionUrl({ cors: corsFor(["https://app.example.com"]) });

    expect((await validate(gatewayCorsAllowedOrigins, url)).violations).toEqual([
      expect.stringContaining("https://app.example.com (listed: none configured)"),
    ]);
  });

  it("always reports *, even when the configuration lists it", async () => {
    const url = gatewayFunctionUrl({ cors: corsFor(["*"]) });

    expect(await validate(gatewayCorsAllowedOrigins, url, { allowedOrigins: ["*"] })).toEqual({
      violations: ['Function URL "ai-url" allows CORS from *: any website could call the gateway.'],
    });
  });

  it("reports a known bad origin even when another origin is unknown at preview", async () => {
    const url = gatewayFunctionUrl({ cors: corsFor(["*", UNKNOWN_VALUE]) });

    const result = await validate(gatewayCorsAllowedOrigins, url, listed);

    expect(result.violations).toEqual([expect.stringContaining("allows CORS from *")]);
    expect(result.undecided).toBeUndefined();
  });

  it("leaves the verdict to `pulumi up` when only unknown origins could violate", async () => {
    const results = [
      await validate(
        gatewayCorsAllowedOrigins,
        gatewayFunctionUrl({ cors: corsFor(["https://app.example.com", UNKNOWN_VALUE]) }),
        listed,
      ),
      await validate(gatewayCorsAllowedOrigins, gatewayFunctionUrl({ cors: UNKNOWN_VALUE }), listed),
    ];

    expect(results).toEqual([
      { violations: [], undecided: "string value at .cors.allowOrigins.1 can't be known during preview" },
      { violations: [], undecided: "string value at .cors can't be known during preview" },
    ]);
  });

  it("ignores Function URLs the Gateway did not create", async () => {
    const other = gatewayFunctionUrl({ cors: corsFor(["*"]) }, ["acme:platform:Webhook"]);

    expect(await validate(gatewayCorsAllowedOrigins, other)).toEqual({ violations: [] });
  });

  it("is mandatory by default; origins come from its configuration", () => {
    expect(gatewayCorsAllowedOrigins.enforcementLevel).toBe("mandatory");
    expect(gatewayCorsAllowedOrigins.configSchema?.properties.allowedOrigins).toMatchObject({
      type: "array",
      default: [],
    });
  });
});
