import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { runFailover } from "../routing/failover";
import type { AccessKeyRecord } from "../store/gateway-store";
import { createUpstreamBody } from "../upstream/upstream-body";
import { answerResponse } from "./answer-response";
import type { GatewayRuntime } from "./gateway-runtime";
import { readJsonBody } from "./read-json-body";
import type { Reply } from "./reply";
import type { RequestLog } from "./request-log";
import { planRoute } from "./route-plan";
import type { ProxyRoute } from "./routes";
import type { SnapshotIndex } from "./snapshot-index";
import { readStreamFlag } from "./stream-flag";
import { StreamKeyHealth } from "./stream-key-health";
import { createUpstreamAttempt } from "./upstream-attempt";

export interface ProxyContext {
  runtime: GatewayRuntime;
  request: Request;
  log: RequestLog;
  index: SnapshotIndex;
  accessKey: AccessKeyRecord;
  configuration: AccessKeyConfiguration | null;
}

/**
 * Serves a proxied endpoint: reads and checks the body, resolves the models, selects the targets
 * (access scope, routing), runs the failover loop and answers with what the chosen upstream sent.
 * Throws the errors the one renderer turns into responses.
 */
export async function proxyRequest(context: ProxyContext, route: ProxyRoute): Promise<Reply> {
  const { runtime, request, log, index } = context;
  const { record } = log;
  const { json: body, text } = await readJsonBody(request, index.snapshot.settings.maxBodyBytes);
  record.stream = route.streamFormat !== undefined && readStreamFlag(body);
  const { targets } = planRoute({
    index,
    configuration: context.configuration,
    configurationId: context.accessKey.configurationId,
    body,
    record,
  });
  const timeouts = index.timeouts(context.accessKey.configurationId);
  const health = new StreamKeyHealth(runtime.keyHealth);

  const result = await runFailover({
    targets,
    attempt: createUpstreamAttempt({
      index,
      route,
      headers: request.headers,
      body: createUpstreamBody(body, text),
      stream: record.stream,
      firstTokenMs: timeouts.firstTokenMs,
      clock: runtime.clock,
      keyHealth: health,
    }),
    clock: runtime.clock,
    keyHealth: health,
    timeouts: { perAttemptMs: timeouts.perAttemptMs, totalMs: timeouts.totalMs },
    signal: request.signal,
    random: runtime.random,
  });
  record.attempts = result.attempts;
  record.skipped = result.skipped;
  if (!result.ok) throw result.error;
  record.served = result.target;
  return answerResponse(context, route, result.value, result.target, timeouts.streamIdleMs, health);
}
