import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KEYWAY_TYPES } from "./policy-targets";
import { type PreviewValues, previewValues, UNKNOWN } from "./preview-values";

/**
 * Every `keyway.AccessKey` names an `AccessKeyConfiguration`. Without one the gateway treats the
 * key as ngrok.ai's default does: every provider and every model, on all of the namespace's keys.
 * A `configurationId` not known yet at preview (its configuration is created in the same update)
 * is set, so it complies.
 */
export const accessKeyHasConfiguration: ResourceValidationPolicy = {
  name: "access-key-has-configuration",
  description:
    "Every keyway AccessKey has a configurationId: without an AccessKeyConfiguration the key may call every provider and model with any of the namespace's provider keys.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Create a keyway.AccessKeyConfiguration that allows only what the app needs and pass its id: new keyway.AccessKey(name, { name, configurationId: configuration.id }).",
  validateResource: (args, reportViolation) => {
    if (args.type !== KEYWAY_TYPES.accessKey) return;
    const values: PreviewValues = previewValues();
    const configurationId = values.read(() => args.props.configurationId as unknown);
    if (configurationId === UNKNOWN) return;
    if (typeof configurationId !== "string" || configurationId === "") {
      reportViolation(
        `AccessKey "${args.name}" has no configurationId; set it to an AccessKeyConfiguration's id.`,
      );
    }
  },
};
