import type { AttemptTarget } from "../routing/select-targets";
import type { ProxyContext } from "./proxy-request";
import { relayStream } from "./relay-stream";
import type { Reply } from "./reply";
import type { ProxyRoute } from "./routes";
import type { StreamKeyHealth } from "./stream-key-health";
import type { UpstreamAnswer } from "./upstream-answer";

/** What a stream's end says about its provider key. */
const STREAM_HEALTH = {
  completed: "success",
  finalized: "success",
  interrupted: "failure",
  idle_timeout: "failure",
  client_closed: "unknown",
} as const;

/** The client's reply: the upstream's status and content type, its body byte for byte. */
export function answerResponse(
  context: ProxyContext,
  route: ProxyRoute,
  upstream: UpstreamAnswer,
  target: AttemptTarget,
  streamIdleMs: number,
  keyHealth: Pick<StreamKeyHealth, "settle">,
): Reply {
  const { runtime, log } = context;
  if (upstream.kind === "buffered") {
    if (upstream.usage) log.record.usage = upstream.usage;
    return {
      status: upstream.status,
      headers: {
        "content-type": upstream.contentType ?? "application/json",
        "content-length": String(upstream.body.byteLength),
      },
      body: upstream.body,
    };
  }
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
      keyHealth.settle(target.providerKeyId, STREAM_HEALTH[summary.end]);
      log.record.streamEnd = summary.end;
      if (summary.usage) log.record.usage = summary.usage;
      log.write(upstream.status);
    },
  });
  return {
    status: upstream.status,
    headers: { "content-type": upstream.contentType ?? "text/event-stream", "cache-control": "no-cache" },
    body,
  };
}
