/** The `settings` section: gateway-wide timeouts, body limit and the plain-http switch. */
import { type ConfigurationIssue, createIssue, display } from "../../../contract/configuration-issue";
import { parseDurationMs } from "../../../contract/duration";
import { isRecord } from "../../../contract/json-value";
import { typeMessage } from "../../../contract/schema-messages";
import type { GatewaySettingsOverrides } from "../build-snapshot";
import { checkKnownFields, readBoolean } from "./field-checks";

const TIMEOUTS = {
  perAttempt: "perAttemptMs",
  total: "totalMs",
  firstToken: "firstTokenMs",
  streamIdle: "streamIdleMs",
} as const;

export function checkSettings(value: unknown, issues: ConfigurationIssue[]): GatewaySettingsOverrides {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    issues.push(createIssue(["settings"], typeMessage("object", value, ["settings"])));
    return {};
  }
  checkKnownFields(value, ["settings"], ["timeouts", "maxBodyBytes", "allowInsecureHttp"], issues);
  const settings: GatewaySettingsOverrides = {};
  const timeouts = checkTimeouts(value.timeouts, issues);
  if (timeouts !== undefined) settings.timeouts = timeouts;
  const { maxBodyBytes } = value;
  if (maxBodyBytes !== undefined) {
    if (typeof maxBodyBytes === "number" && Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0) {
      settings.maxBodyBytes = maxBodyBytes;
    } else {
      issues.push(
        createIssue(
          ["settings", "maxBodyBytes"],
          `${display(maxBodyBytes)} is not a byte count; write a whole number above 0, e.g. 5242880 (5 MiB)`,
        ),
      );
    }
  }
  const allowInsecureHttp = readBoolean({ value, location: ["settings"] }, "allowInsecureHttp", issues);
  if (allowInsecureHttp !== undefined) settings.allowInsecureHttp = allowInsecureHttp;
  return settings;
}

function checkTimeouts(value: unknown, issues: ConfigurationIssue[]): GatewaySettingsOverrides["timeouts"] {
  const location = ["settings", "timeouts"];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    issues.push(createIssue(location, typeMessage("object", value, location)));
    return undefined;
  }
  checkKnownFields(value, location, Object.keys(TIMEOUTS), issues);
  const timeouts: NonNullable<GatewaySettingsOverrides["timeouts"]> = {};
  for (const [name, setting] of Object.entries(TIMEOUTS)) {
    const text = value[name];
    if (text === undefined) continue;
    const milliseconds = typeof text === "string" ? parseDurationMs(text) : undefined;
    if (milliseconds === undefined || milliseconds === 0) {
      issues.push(
        createIssue(
          [...location, name],
          `${display(text)} is not a duration above 0; write a whole number followed by ms, s or m, e.g. "60s"`,
        ),
      );
      continue;
    }
    timeouts[setting] = milliseconds;
  }
  if (
    timeouts.perAttemptMs !== undefined &&
    timeouts.totalMs !== undefined &&
    timeouts.perAttemptMs > timeouts.totalMs
  ) {
    const message = `${display(value.perAttempt)} is longer than settings.timeouts.total (${display(value.total)}), which ends the request first`;
    issues.push(createIssue([...location, "perAttempt"], message, "warning"));
  }
  return timeouts;
}
