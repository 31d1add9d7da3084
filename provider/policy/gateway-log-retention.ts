import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GATEWAY_CHILD_TYPES, isGatewayChild } from "./policy-targets";
import { type PreviewValues, previewValues, UNKNOWN } from "./preview-values";

export interface GatewayLogRetentionConfig {
  /** The longest retention allowed, in days. Default: none, any retention period complies. */
  maximumDays?: number;
}

/**
 * The log group of every `keyway.Gateway` has a retention period: the request log holds access-key
 * ids, models, client addresses and token counts, which should not be kept forever (CloudWatch's
 * default, and `retentionInDays: 0`). Only log groups the Gateway component creates are checked.
 */
export const gatewayLogRetention: ResourceValidationPolicy = {
  name: "gateway-log-retention",
  description:
    "The log group of every keyway.Gateway has a retention period (retentionInDays set, not 0 = forever), at most maximumDays when configured.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Set logRetentionInDays on keyway.Gateway to a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, ...); the default is 30.",
  configSchema: {
    properties: {
      maximumDays: {
        type: "integer",
        minimum: 1,
        description: "The longest retention allowed, in days.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!isGatewayChild(args, GATEWAY_CHILD_TYPES.logGroup)) return;
    const maximum = args.getConfig<GatewayLogRetentionConfig>().maximumDays;
    const values: PreviewValues = previewValues();
    const days = values.read(() => args.props.retentionInDays as unknown);
    if (days === UNKNOWN) values.undecided();
    if (typeof days !== "number" || days <= 0) {
      reportViolation(
        `Log group "${args.name}" keeps the gateway's request logs forever (no retentionInDays).`,
      );
    } else if (maximum !== undefined && days > maximum) {
      reportViolation(
        `Log group "${args.name}" keeps the gateway's request logs ${days} days; the limit is ${maximum}.`,
      );
    }
  },
};
