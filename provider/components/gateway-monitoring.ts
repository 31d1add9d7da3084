import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface GatewayAlarmsArgs {
  /** Alarm when more than this percentage of invocations end in a 5xx answer or a function error. Default 5. */
  errorRatePercent?: number;
  /** Alarm when more than this percentage of requests needed more than one upstream attempt. Default 20. */
  failoverRatePercent?: number;
  /** Length of one evaluation period in seconds. Default 300. */
  periodSeconds?: number;
  /** Consecutive periods over the threshold before the alarm fires. Default 2. */
  evaluationPeriods?: number;
  /** What to notify on ALARM and on OK, e.g. an SNS topic's ARN. Default: nothing (the console shows the state). */
  actions?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * CloudWatch Logs filter patterns over the gateway's request log line (one JSON object per
 * request: `event: "request"`, `status`, `attempts: [...]`; see gateway-lambda/http/request-log.ts).
 * A second attempt exists exactly when failover ran, and every attempt has a numeric `durationMs`.
 */
export const GATEWAY_LOG_METRICS = {
  Requests: '{ $.event = "request" }',
  ServerErrors: '{ $.event = "request" && $.status >= 500 }',
  Failovers: '{ $.event = "request" && $.attempts[1].durationMs >= 0 }',
} as const;

type LogMetricName = keyof typeof GATEWAY_LOG_METRICS;

export interface GatewayMonitoringArgs {
  functionName: pulumi.Input<string>;
  logGroupName: pulumi.Input<string>;
  region: pulumi.Input<string>;
  /** Undefined: no alarms. */
  alarms: GatewayAlarmsArgs | undefined;
  dashboard: boolean;
  tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
  parent: pulumi.Resource;
}

/** The metric filters, and the alarms and dashboard asked for, as children of the Gateway. */
export function monitorGateway(name: string, args: GatewayMonitoringArgs): void {
  const { parent, tags } = args;
  // Metric filters cannot add a constant dimension, so each gateway gets its own namespace.
  const metricNamespace = pulumi.interpolate`keyway/${args.functionName}`;
  for (const [metric, pattern] of Object.entries(GATEWAY_LOG_METRICS)) {
    new aws.cloudwatch.LogMetricFilter(
      `${name}-${kebab(metric)}`,
      {
        logGroupName: args.logGroupName,
        pattern,
        metricTransformation: { name: metric, namespace: metricNamespace, value: "1", unit: "Count" },
      },
      { parent },
    );
  }

  if (args.alarms) {
    const period = args.alarms.periodSeconds ?? 300;
    const common = {
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: args.alarms.evaluationPeriods ?? 2,
      // No traffic is not an outage: an idle gateway stays OK.
      treatMissingData: "notBreaching",
      alarmActions: args.alarms.actions,
      okActions: args.alarms.actions,
      tags,
    };
    const lambdaMetric = (id: string, metricName: string) => ({
      id,
      metric: {
        namespace: "AWS/Lambda",
        metricName,
        dimensions: { FunctionName: args.functionName },
        period,
        stat: "Sum",
      },
    });
    const logMetric = (id: string, metricName: LogMetricName) => ({
      id,
      metric: { namespace: metricNamespace, metricName, period, stat: "Sum" },
    });
    new aws.cloudwatch.MetricAlarm(
      `${name}-error-rate`,
      {
        ...common,
        alarmDescription: pulumi.interpolate`keyway gateway ${args.functionName}: share of invocations answered with a 5xx or failing in the function, in percent`,
        threshold: args.alarms.errorRatePercent ?? 5,
        metricQueries: [
          lambdaMetric("invocations", "Invocations"),
          lambdaMetric("functionErrors", "Errors"),
          logMetric("serverErrors", "ServerErrors"),
          {
            id: "errorRate",
            expression: "100 * (FILL(functionErrors, 0) + FILL(serverErrors, 0)) / invocations",
            label: "Error rate (%)",
            returnData: true,
          },
        ],
      },
      { parent },
    );
    new aws.cloudwatch.MetricAlarm(
      `${name}-failover-rate`,
      {
        ...common,
        alarmDescription: pulumi.interpolate`keyway gateway ${args.functionName}: share of requests that needed failover (a rate-limited or failing provider key), in percent`,
        threshold: args.alarms.failoverRatePercent ?? 20,
        metricQueries: [
          logMetric("requests", "Requests"),
          logMetric("failovers", "Failovers"),
          {
            id: "failoverRate",
            expression: "100 * FILL(failovers, 0) / requests",
            label: "Failover rate (%)",
            returnData: true,
          },
        ],
      },
      { parent },
    );
  }

  if (args.dashboard) {
    new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: pulumi.interpolate`keyway-${args.functionName}`,
        dashboardBody: pulumi
          .all([args.functionName, metricNamespace, args.region])
          .apply(([functionName, namespace, region]) =>
            JSON.stringify(gatewayDashboardBody({ functionName, metricNamespace: namespace, region })),
          ),
      },
      { parent },
    );
  }
}

/** The dashboard: traffic and outcomes, latency, concurrency. */
export function gatewayDashboardBody(scope: {
  functionName: string;
  metricNamespace: string;
  region: string;
}) {
  const { functionName, metricNamespace, region } = scope;
  const lambda = (metric: string, stat: string) => [
    "AWS/Lambda",
    metric,
    "FunctionName",
    functionName,
    { stat, label: `${metric} ${stat}` },
  ];
  const widget = (x: number, y: number, title: string, metrics: unknown[]) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics },
  });
  return {
    widgets: [
      widget(0, 0, "Requests, 5xx answers, failovers", [
        [metricNamespace, "Requests", { stat: "Sum" }],
        [metricNamespace, "ServerErrors", { stat: "Sum" }],
        [metricNamespace, "Failovers", { stat: "Sum" }],
      ]),
      widget(12, 0, "Function errors and throttles", [lambda("Errors", "Sum"), lambda("Throttles", "Sum")]),
      widget(0, 6, "Duration (streams last as long as the answer)", [
        lambda("Duration", "p50"),
        lambda("Duration", "p99"),
      ]),
      widget(12, 6, "Concurrent executions", [lambda("ConcurrentExecutions", "Maximum")]),
    ],
  };
}

function kebab(text: string): string {
  return text.replace(
    /[A-Z]/g,
    (letter, offset: number) => `${offset > 0 ? "-" : ""}${letter.toLowerCase()}`,
  );
}
