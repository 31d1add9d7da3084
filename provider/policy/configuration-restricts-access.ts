import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KEYWAY_TYPES } from "./policy-targets";
import { type PreviewValues, previewValues, UNKNOWN } from "./preview-values";

export interface ConfigurationRestrictsAccessConfig {
  /** Also require `access.models.allow`, not only a provider allow list. Default false. */
  requireModelAllowList?: boolean;
}

/**
 * An `AccessKeyConfiguration` restricts its access scope: an omitted dimension is unrestricted, so
 * a configuration without `access.providers.allow` and `access.models.allow` lets its keys call
 * every provider and model the namespace has keys for. An empty list blocks a dimension, so it
 * counts as a restriction.
 */
export const configurationRestrictsAccess: ResourceValidationPolicy = {
  name: "configuration-restricts-access",
  description:
    "Every keyway AccessKeyConfiguration restricts access: access.providers.allow or access.models.allow is set (both with requireModelAllowList).",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    'List what the apps using it need, e.g. access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o-mini"] } }.',
  configSchema: {
    properties: {
      requireModelAllowList: {
        type: "boolean",
        default: false,
        description: "Also require access.models.allow, not only a provider allow list.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== KEYWAY_TYPES.accessKeyConfiguration) return;
    const requireModels = args.getConfig<ConfigurationRestrictsAccessConfig>().requireModelAllowList === true;
    const values: PreviewValues = previewValues();
    const access = values.read(() => args.props.access as Record<string, unknown> | undefined);
    if (access === UNKNOWN) values.undecided();
    const listed = (dimension: "providers" | "models") => {
      const scope = values.read(() => access?.[dimension] as Record<string, unknown> | undefined);
      if (scope === UNKNOWN) return UNKNOWN;
      const allow = values.read(() => scope?.allow);
      return allow === UNKNOWN ? UNKNOWN : Array.isArray(allow);
    };
    const providers = listed("providers");
    const models = listed("models");
    const restricted = requireModels ? models : providers === true || models === true;
    if (restricted === true) return;
    if (requireModels ? models === UNKNOWN : providers === UNKNOWN || models === UNKNOWN) values.undecided();
    reportViolation(
      requireModels
        ? `AccessKeyConfiguration "${args.name}" has no access.models.allow, so its keys may call every model of ${providers === true ? "the allowed providers" : "every provider"}.`
        : `AccessKeyConfiguration "${args.name}" allows every provider and every model: it sets neither access.providers.allow nor access.models.allow.`,
    );
  },
};
