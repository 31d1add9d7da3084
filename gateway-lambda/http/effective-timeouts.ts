import type { ConfigurationTimeouts } from "../../contract/configuration-types";
import { parseDurationMs } from "../../contract/duration";
import type { GatewaySettings } from "../store/gateway-store";

/** The timeouts one request runs under, in milliseconds. */
export type EffectiveTimeouts = GatewaySettings["timeouts"];

/**
 * The gateway's timeouts with a configuration's overrides (`"90s"`, `"1500ms"`) on top. An override
 * that is not a positive duration is ignored (the schema already rejects it).
 *
 * @example
 * effectiveTimeouts(DEFAULT_GATEWAY_SETTINGS.timeouts, { perAttempt: "10s" }).perAttemptMs; // 10000
 */
export function effectiveTimeouts(
  defaults: GatewaySettings["timeouts"],
  overrides: ConfigurationTimeouts | undefined,
): EffectiveTimeouts {
  const pick = (text: string | undefined, fallback: number) => {
    const parsed = text === undefined ? undefined : parseDurationMs(text);
    return parsed !== undefined && parsed > 0 ? parsed : fallback;
  };
  return {
    perAttemptMs: pick(overrides?.perAttempt, defaults.perAttemptMs),
    totalMs: pick(overrides?.total, defaults.totalMs),
    firstTokenMs: pick(overrides?.firstToken, defaults.firstTokenMs),
    streamIdleMs: pick(overrides?.streamIdle, defaults.streamIdleMs),
  };
}
