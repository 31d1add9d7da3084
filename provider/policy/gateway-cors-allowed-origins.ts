import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GATEWAY_CHILD_TYPES, isGatewayChild } from "./policy-targets";
import { type PreviewValues, previewValues, readElements, UNKNOWN } from "./preview-values";

export interface GatewayCorsAllowedOriginsConfig {
  /** Browser origins the gateway may allow (`https://app.example.com`). Default: none. */
  allowedOrigins?: string[];
}

/**
 * The Function URL of every `keyway.Gateway` allows CORS only for the origins this policy's
 * configuration lists. `*` always violates: any website could then call the gateway from its
 * visitors' browsers with a token it obtained. A Function URL without CORS complies (browsers
 * cannot call it; server-side clients need no CORS). Origins compare case-insensitively, without a
 * trailing slash.
 */
export const gatewayCorsAllowedOrigins: ResourceValidationPolicy = {
  name: "gateway-cors-allowed-origins",
  description:
    "The Function URL of every keyway.Gateway allows CORS only for listed origins (allowedOrigins); '*' is never allowed.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Pass only your web apps\' origins to keyway.Gateway\'s allowedOrigins, and list them in the policy configuration: {"gateway-cors-allowed-origins": {"allowedOrigins": ["https://app.example.com"]}} with `pulumi preview --policy-pack-config <file>`.',
  configSchema: {
    properties: {
      allowedOrigins: {
        type: "array",
        items: { type: "string", pattern: "^https?://[^/*\\s?#]+$" },
        default: [],
        description: "Browser origins the gateway may allow, e.g. https://app.example.com.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!isGatewayChild(args, GATEWAY_CHILD_TYPES.functionUrl)) return;
    const listed = new Set(
      (args.getConfig<GatewayCorsAllowedOriginsConfig>().allowedOrigins ?? []).map(normalizeOrigin),
    );
    const values: PreviewValues = previewValues();
    const cors = values.read(() => args.props.cors as Record<string, unknown> | undefined);
    if (cors === UNKNOWN) values.undecided();
    const origins = values.read(() => cors?.allowOrigins);
    if (origins === UNKNOWN) values.undecided();
    if (!Array.isArray(origins)) return;

    const wildcard: string[] = [];
    const unlisted: string[] = [];
    for (const origin of readElements(values, origins)) {
      if (origin === UNKNOWN || typeof origin !== "string") continue;
      if (origin.includes("*")) wildcard.push(origin);
      else if (!listed.has(normalizeOrigin(origin))) unlisted.push(origin);
    }
    if (wildcard.length > 0) {
      reportViolation(
        `Function URL "${args.name}" allows CORS from ${wildcard.join(", ")}: any website could call the gateway.`,
      );
    }
    if (unlisted.length > 0) {
      const allowed = listed.size > 0 ? [...listed].join(", ") : "none configured";
      reportViolation(
        `Function URL "${args.name}" allows CORS from origins the policy does not list: ${unlisted.join(", ")} (listed: ${allowed}).`,
      );
    }
    if (wildcard.length + unlisted.length === 0 && values.sawUnknown) values.undecided();
  },
};

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}
