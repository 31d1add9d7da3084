import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { InsecureProviderUrlError } from "../errors/insecure-provider-url-error";
import { resolveCandidates } from "../models/resolve-candidates";
import { runFailover } from "../routing/failover";
import { type AttemptTarget, selectTargets, type TargetSelection } from "../routing/select-targets";
import type { AccessKeyRecord } from "../store/gateway-store";
import type { GatewayRuntime } from "./gateway-runtime";
import { readJsonBody } from "./read-json-body";
import { relayStream } from "./relay-stream";
import type { RequestLog, RequestRecord } from "./request-log";
import type { ProxyRoute } from "./routes";
import type { SnapshotIndex } from "./snapshot-index";
import { readStreamFlag } from "./stream-flag";
import type { UpstreamAnswer } from "./upstream-answer";
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
export async function proxyRequest(context: ProxyContext, route: ProxyRoute): Promise<Response> {
  const { runtime, request, log, index } = context;
  const { record } = log;
  const body = await readJsonBody(request, index.snapshot.settings.maxBodyBytes);
  record.stream = route.streamFormat !== undefined && readStreamFlag(body);
  const candidates = resolveCandidates(body, { providers: index.providerIds });
  record.requestedModel = candidates[0]?.requested ?? null;
  const selection = selectTargets({
    configuration: context.configuration,
    candidates,
    providerKeys: index.providerKeys,
    keysByProvider: index.keysByProvider,
  });
  const targets = callableTargets(selection, index, record);
  const timeouts = index.timeouts(context.accessKey.configurationId);

  const result = await runFailover({
    targets,
    attempt: createUpstreamAttempt({
      index,
      route,
      headers: request.headers,
      body,
      stream: record.stream,
      firstTokenMs: timeouts.firstTokenMs,
      clock: runtime.clock,
    }),
    clock: runtime.clock,
    keyHealth: runtime.keyHealth,
    timeouts: { perAttemptMs: timeouts.perAttemptMs, totalMs: timeouts.totalMs },
    signal: request.signal,
    random: runtime.random,
  });
  record.attempts = result.attempts;
  record.skipped = result.skipped;
  if (!result.ok) throw result.error;
  record.served = result.target;
  return answer(context, route, result.value, result.target, timeouts.streamIdleMs);
}

/**
 * Drops the targets whose provider the gateway refuses to call (see `checkEndpointUrl`); a model left
 * without targets joins the rejected ones. None left: {@link InsecureProviderUrlError}.
 */
function callableTargets(
  selection: TargetSelection,
  index: SnapshotIndex,
  record: RequestRecord,
): AttemptTarget[] {
  const problems = new Map<string, string>();
  const callable = selection.attempts.filter((target) => {
    const endpoint = index.endpoint(target.provider);
    if (!endpoint.ok) problems.set(target.provider, endpoint.problem);
    return endpoint.ok;
  });
  if (callable.length === 0) throw new InsecureProviderUrlError([...problems.values()]);
  const rejected = selection.rejectedModels.map(({ candidateIndex, reference, reason }) => ({
    candidateIndex,
    reference,
    reason: reason as string,
  }));
  for (const target of selection.attempts) {
    const refused = !callable.some((kept) => kept.candidateIndex === target.candidateIndex);
    if (refused && !rejected.some((entry) => entry.candidateIndex === target.candidateIndex)) {
      rejected.push({
        candidateIndex: target.candidateIndex,
        reference: target.reference,
        reason: "insecure_provider_url",
      });
    }
  }
  rejected.sort((left, right) => left.candidateIndex - right.candidateIndex);
  record.rejectedModels = rejected.map(({ reference, reason }) => ({ reference, reason }));
  return callable;
}

/** The client's response: the upstream's status and content type, its body byte for byte. */
function answer(
  context: ProxyContext,
  route: ProxyRoute,
  upstream: UpstreamAnswer,
  target: AttemptTarget,
  streamIdleMs: number,
): Response {
  const { runtime, log } = context;
  const headers = new Headers();
  if (upstream.kind === "buffered") {
    headers.set("content-type", upstream.contentType ?? "application/json");
    headers.set("content-length", String(upstream.body.byteLength));
    if (upstream.usage) log.record.usage = upstream.usage;
    return new Response(upstream.body, { status: upstream.status, headers });
  }
  headers.set("content-type", upstream.contentType ?? "text/event-stream");
  headers.set("cache-control", "no-cache");
  log.record.committedAt = runtime.clock.now();
  log.deferred = true;
  const body = relayStream(upstream, {
    finalizeWithDone: route.streamFormat === "chat",
    idleMs: streamIdleMs,
    clock: runtime.clock,
    provider: target.provider,
    requestId: log.requestId,
    clientSignal: context.request.signal,
    onEnd: (summary) => {
      log.record.streamEnd = summary.end;
      if (summary.usage) log.record.usage = summary.usage;
      log.write(upstream.status);
    },
  });
  return new Response(body, { status: upstream.status, headers });
}
