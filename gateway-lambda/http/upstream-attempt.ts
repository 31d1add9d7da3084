import type { Clock } from "../clock";
import type { AttemptOutcome } from "../routing/attempt-outcome";
import type { AttemptTarget } from "../routing/select-targets";
import { describeFetchFailure } from "../upstream/fetch-failure";
import type { UpstreamBody } from "../upstream/upstream-body";
import type { ProxyRoute } from "./routes";
import type { SnapshotIndex } from "./snapshot-index";
import type { StreamKeyHealth } from "./stream-key-health";
import type { BufferedAnswer, StreamAnswer, UpstreamAnswer } from "./upstream-answer";
import { UpstreamEvents } from "./upstream-events";
import { usageFromJsonTail } from "./usage";

export interface UpstreamAttemptSettings {
  index: SnapshotIndex;
  route: ProxyRoute;
  /** The client's headers (adapters forward only an allowlist). */
  headers: Headers;
  body: UpstreamBody;
  /** The client asked for a stream: the first-token timer runs. */
  stream: boolean;
  firstTokenMs: number;
  clock: Clock;
  /** Told of a stream about to be committed, before the attempt returns: it judges the key when the stream ends. */
  keyHealth?: Pick<StreamKeyHealth, "defer">;
}

/**
 * Makes the attempt function the failover loop runs: one upstream call with the target's provider key
 * (read from the snapshot now, never earlier), returning once the gateway can commit to the answer:
 * - a buffered answer once its whole body has arrived, so the per-attempt timeout covers the body and
 *   a body cut halfway fails over like any broken attempt;
 * - a stream once its first content event has arrived (within the first-token timeout, counted from
 *   the request), so a slow or silent stream fails over before the client has seen anything.
 */
export function createUpstreamAttempt(settings: UpstreamAttemptSettings) {
  return async (
    target: AttemptTarget,
    signal: AbortSignal,
    abortAttempt: (reason?: unknown) => void,
  ): Promise<AttemptOutcome<UpstreamAnswer>> => {
    const endpoint = settings.index.endpoint(target.provider);
    const key = settings.index.snapshot.providerKeys.get(target.providerKeyId);
    // Targets were selected from this same snapshot and filtered to callable endpoints.
    if (!endpoint.ok || !key) throw new Error(`No endpoint or key for ${target.reference}`);

    // The attempt's signal (timer, client) is the upstream call's; the gateway aborts it too: first
    // token late, stream idle, client gone mid-stream.
    const abort = () => abortAttempt();
    let firstTokenLate = false;
    const cancelFirstToken = settings.stream
      ? settings.clock.setTimer(settings.firstTokenMs, () => {
          firstTokenLate = true;
          abort();
        })
      : () => {};
    let committed = false;
    try {
      const outcome = await endpoint.adapter.send({
        path: settings.route.upstreamPath,
        method: "POST",
        headers: settings.headers,
        body: settings.body,
        model: target.model,
        apiKey: key.value,
        signal,
      });
      if (outcome.type !== "success") return firstTokenLate ? { type: "timeout" } : outcome;
      const response = outcome.value;
      const answer = isEventStream(response)
        ? await readFirstEvent(response, abort)
        : await readWhole(response);
      if (!answer) return { type: "connection_error", reset: true, message: "stream ended before any event" };
      committed = true;
      if (answer.kind === "stream") settings.keyHealth?.defer(target.providerKeyId);
      return { type: "success", status: response.status, value: answer };
    } catch (error) {
      if (firstTokenLate) return { type: "timeout" };
      if (signal.aborted) return { type: "aborted" };
      // The body broke after the headers: the connection was up, so this counts as a reset.
      return { type: "connection_error", reset: true, message: describeFetchFailure(error).message };
    } finally {
      cancelFirstToken();
      if (!committed) abort();
    }
  };
}

function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.toLowerCase().startsWith("text/event-stream") === true;
}

async function readWhole(response: Response): Promise<BufferedAnswer> {
  const body = new Uint8Array(await response.arrayBuffer());
  const answer: BufferedAnswer = {
    kind: "buffered",
    status: response.status,
    contentType: response.headers.get("content-type"),
    body,
  };
  const usage = usageFromJsonTail(body);
  if (usage) answer.usage = usage;
  return answer;
}

/** Reads until the first event with data; undefined when the body ends before one. */
async function readFirstEvent(response: Response, abort: () => void): Promise<StreamAnswer | undefined> {
  if (!response.body) return undefined;
  const events = new UpstreamEvents(response.body.getReader());
  const head: StreamAnswer["head"] = [];
  for (;;) {
    const batch = await events.next();
    if (batch === null) return undefined;
    head.push(...batch);
    if (batch.some((event) => event.hasData)) {
      return {
        kind: "stream",
        status: response.status,
        contentType: response.headers.get("content-type"),
        head,
        events,
        abort,
      };
    }
  }
}
