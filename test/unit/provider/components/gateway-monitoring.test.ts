import { describe, expect, it } from "vitest";
import { RequestLog } from "../../../../gateway-lambda/http/request-log";
import { createJsonLogger } from "../../../../gateway-lambda/logger";
import type { AttemptRecord } from "../../../../gateway-lambda/routing/failover";
import {
  GATEWAY_LOG_METRICS,
  gatewayDashboardBody,
} from "../../../../provider/components/gateway-monitoring";

const clock = { now: () => 1_000, sleep: async () => {}, setTimer: () => () => {} };

/** The JSON line the gateway writes for one request, with the given attempts and final status. */
function requestLine(statuses: number[], finalStatus: number): Record<string, unknown> {
  const lines: string[] = [];
  const log = new RequestLog(
    createJsonLogger((line) => lines.push(line)),
    clock,
    "rq_test",
    0,
    new Request("https://gateway.example/v1/chat/completions", { method: "POST" }),
  );
  log.record.attempts = statuses.map(
    (status, index): AttemptRecord => ({
      attemptNumber: index + 1,
      target: {
        candidateIndex: 0,
        provider: "openai",
        model: "gpt-4o-mini",
        reference: "openai:gpt-4o-mini",
        providerKeyId: `kwpk_${index}`,
        ruleIndex: 0,
        stepIndex: 0,
      },
      status,
      outcome: status === 200 ? "succeeded" : "rate_limited",
      verdict: status === 200 ? "succeeded" : "next_key",
      startedAt: 0,
      durationMs: 12,
    }),
  );
  log.write(finalStatus);
  return JSON.parse(lines[0] ?? "{}");
}

/**
 * The subset of CloudWatch Logs' JSON filter syntax the patterns use: `{ a && b }` where each term
 * is `$.path = "text"` or `$.path >= number`, paths with `.key` and `[index]`.
 */
function matches(pattern: string, event: Record<string, unknown>): boolean {
  const body = pattern.replace(/^\{\s*|\s*\}$/g, "");
  return body.split("&&").every((term) => {
    const [, selector = "", operator, literal = ""] = term.trim().match(/^\$\.(\S+)\s*(=|>=)\s*(.+)$/) ?? [];
    const value = selector
      .split(/\.|\[(\d+)\]/)
      .filter((part) => part !== undefined && part !== "")
      .reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], event);
    if (operator === "=") return value === JSON.parse(literal);
    return typeof value === "number" && value >= Number(literal);
  });
}

describe("the log metric patterns against the gateway's real request line", () => {
  it("count a request, and a failover only when a second attempt ran", () => {
    const direct = requestLine([200], 200);
    const failedOver = requestLine([429, 200], 200);

    expect(matches(GATEWAY_LOG_METRICS.Requests, direct)).toBe(true);
    expect(matches(GATEWAY_LOG_METRICS.Failovers, direct)).toBe(false);
    expect(matches(GATEWAY_LOG_METRICS.Failovers, failedOver)).toBe(true);
  });

  it("count a server error for a 5xx answer, not for a 4xx or a client that went away", () => {
    expect(matches(GATEWAY_LOG_METRICS.ServerErrors, requestLine([429, 429], 502))).toBe(true);
    expect(matches(GATEWAY_LOG_METRICS.ServerErrors, requestLine([], 401))).toBe(false);
    expect(matches(GATEWAY_LOG_METRICS.ServerErrors, requestLine([200], 499))).toBe(false);
  });

  it("do not count the gateway's other log lines", () => {
    const storeLine = { time: "2026-01-01T00:00:00.000Z", level: "info", event: "store.loaded", status: 500 };

    for (const pattern of Object.values(GATEWAY_LOG_METRICS)) expect(matches(pattern, storeLine)).toBe(false);
  });
});

describe("gatewayDashboardBody", () => {
  it("charts the log metrics and the function's Lambda metrics in its region", () => {
    const body = gatewayDashboardBody({
      functionName: "ai-1a2b3c4",
      metricNamespace: "keyway/ai-1a2b3c4",
      region: "eu-west-1",
    });
    const metrics = body.widgets.flatMap((widget) => widget.properties.metrics) as unknown[][];

    expect(body.widgets.every((widget) => widget.properties.region === "eu-west-1")).toBe(true);
    expect(metrics.map((metric) => `${metric[0]} ${metric[1]}`)).toEqual([
      "keyway/ai-1a2b3c4 Requests",
      "keyway/ai-1a2b3c4 ServerErrors",
      "keyway/ai-1a2b3c4 Failovers",
      "AWS/Lambda Errors",
      "AWS/Lambda Throttles",
      "AWS/Lambda Duration",
      "AWS/Lambda Duration",
      "AWS/Lambda ConcurrentExecutions",
    ]);
    expect(
      metrics.filter((metric) => metric[0] === "AWS/Lambda").every((metric) => metric[3] === "ai-1a2b3c4"),
    ).toBe(true);
  });
});
