import type { AttemptTarget } from "../routing/select-targets";
import type { ProxyContext } from "./proxy-request";
import { relayStream } from "./relay-stream";
import type { ProxyRoute } from "./routes";
import type { UpstreamAnswer } from "./upstream-answer";

/** What a stream's end says about its provider key. */
const STREAM_HEALTH = {
  completed: "success",
  finalized: "success",
  interrupted: "failure",
  idle_timeout: "failure",
  client_closed: "unknown",
} as const;

/** The client's response: the upstream's status and content type, its body byte for byte. */
export function answerResponse(
  context: ProxyContext,
  route: ProxyRoute,
  upstream: UpstreamAnswer,
  target: AttemptTarget,
  streamIdleMs: number,
  settleKeyHealth: (providerKeyId: string, outcome: "success" | "failure" | "unknown") => void,
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
      settleKeyHealth(target.providerKeyId, STREAM_HEALTH[summary.end]);
      log.record.streamEnd = summary.end;
      if (summary.usage) log.record.usage = summary.usage;
      log.write(upstream.status);
    },
  });
  return new Response(body, { status: upstream.status, headers });
}
