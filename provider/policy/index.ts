/**
 * keyway's CrossGuard policies, apart from any `new PolicyPack(...)` so they can be unit-tested and
 * composed into a team's own pack. The pack keyway ships (`policy-pack/` in the package) is
 * `new PolicyPack(KEYWAY_POLICY_PACK_NAME, createKeywayPolicyPackArgs())`.
 *
 * @example
 * // In your own policy pack:
 * import { PolicyPack } from "@pulumi/policy";
 * import { keywayPolicies } from "keyway/policy";
 * new PolicyPack("platform", { policies: [...keywayPolicies, ...myPolicies] });
 */
import type { EnforcementLevel, PolicyPackArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { accessKeyHasConfiguration } from "./access-key-has-configuration";
import { configurationRestrictsAccess } from "./configuration-restricts-access";
import { gatewayCorsAllowedOrigins } from "./gateway-cors-allowed-origins";
import { gatewayLogRetention } from "./gateway-log-retention";
import { providerKeyCustomerManagedKms } from "./provider-key-customer-managed-kms";
import { routingRuleHasFailover } from "./routing-rule-has-failover";

export { accessKeyHasConfiguration } from "./access-key-has-configuration";
export {
  type ConfigurationRestrictsAccessConfig,
  configurationRestrictsAccess,
} from "./configuration-restricts-access";
export {
  type GatewayCorsAllowedOriginsConfig,
  gatewayCorsAllowedOrigins,
} from "./gateway-cors-allowed-origins";
export { type GatewayLogRetentionConfig, gatewayLogRetention } from "./gateway-log-retention";
export { GATEWAY_CHILD_TYPES, isGatewayChild, KEYWAY_TYPES, parentTypeOf } from "./policy-targets";
export { type PreviewValues, previewValues, UNKNOWN } from "./preview-values";
export { providerKeyCustomerManagedKms } from "./provider-key-customer-managed-kms";
export { type RoutingRuleHasFailoverConfig, routingRuleHasFailover } from "./routing-rule-has-failover";

export const KEYWAY_POLICY_PACK_NAME = "keyway";

/** Every keyway policy, each with its default enforcement level. */
export const keywayPolicies: readonly ResourceValidationPolicy[] = [
  accessKeyHasConfiguration,
  configurationRestrictsAccess,
  routingRuleHasFailover,
  providerKeyCustomerManagedKms,
  gatewayLogRetention,
  gatewayCorsAllowedOrigins,
];

export interface KeywayPolicyPackOptions {
  /** One level for every policy, replacing their defaults (`--policy-pack-config` still overrides it). */
  enforcementLevel?: EnforcementLevel;
  /** A level per policy name, over `enforcementLevel` and the defaults. */
  enforcementLevels?: Partial<Record<string, EnforcementLevel>>;
}

/**
 * The arguments of keyway's policy pack. Levels set here become the policies' own levels; the
 * pack-wide `enforcementLevel` of `PolicyPackArgs` would not override them (the SDK prefers a
 * policy's level), and `--policy-pack-config` overrides both.
 *
 * @example
 * new PolicyPack("keyway", createKeywayPolicyPackArgs({ enforcementLevels: { "gateway-log-retention": "mandatory" } }));
 */
export function createKeywayPolicyPackArgs(options: KeywayPolicyPackOptions = {}): PolicyPackArgs {
  const unknownNames = Object.keys(options.enforcementLevels ?? {}).filter(
    (name) => !keywayPolicies.some((policy) => policy.name === name),
  );
  if (unknownNames.length > 0) {
    throw new Error(
      `keyway policy pack: no policy named ${unknownNames.map((name) => JSON.stringify(name)).join(", ")}; the policies are ${keywayPolicies.map((policy) => policy.name).join(", ")}`,
    );
  }
  return {
    description:
      "keyway: access keys scoped by configurations, routing with failover, provider keys under a customer-managed KMS key, and a gateway with bounded logs and CORS.",
    policies: keywayPolicies.map((policy) => ({
      ...policy,
      enforcementLevel:
        options.enforcementLevels?.[policy.name] ?? options.enforcementLevel ?? policy.enforcementLevel,
    })),
  };
}
