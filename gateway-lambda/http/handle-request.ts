import type { AccessKeyConfiguration } from "../../contract/configuration-types";
import { ConfigurationUnavailableError } from "../errors/configuration-unavailable-error";
import { asGatewayError, toOpenAIErrorReply, toOpenAIErrorResponse } from "../errors/openai-error-response";
import { StoreUnavailableError } from "../errors/store-unavailable-error";
import { UpstreamError } from "../errors/upstream-error";
import type { AccessKeyRecord, GatewaySnapshot } from "../store/gateway-store";
import { authenticate } from "./authenticate";
import { addGatewayHeaders } from "./gateway-headers";
import type { GatewayRuntime } from "./gateway-runtime";
import { proxyRequest } from "./proxy-request";
import { jsonReply, type Reply } from "./reply";
import { RequestLog } from "./request-log";
import { matchRoute } from "./routes";
import type { SnapshotIndex } from "./snapshot-index";

/**
 * One request, start to finish: route, authenticate, serve, and on any throw render the error with
 * the one renderer. Never rejects: a bug becomes a 500 carrying only the request id, and its stack
 * goes to the log line, which is written exactly once.
 */
export async function handleRequest(runtime: GatewayRuntime, request: Request): Promise<Response> {
  const requestId = runtime.requestId();
  try {
    const log = new RequestLog(runtime.logger, runtime.clock, requestId, runtime.clock.now(), request);
    let reply: Reply;
    try {
      reply = await dispatch(runtime, request, log);
    } catch (error) {
      log.record.error = error instanceof UpstreamError ? error : asGatewayError(error, requestId);
      reply = toOpenAIErrorReply(error, requestId);
    }
    addGatewayHeaders(reply.headers, requestId, log.record);
    const response = new Response(reply.body, { status: reply.status, headers: reply.headers });
    if (!log.deferred) log.write(reply.status);
    return response;
  } catch (error) {
    // Only a bug in the lines above gets here; answer without trusting any of them.
    return toOpenAIErrorResponse(error, requestId);
  }
}

async function dispatch(runtime: GatewayRuntime, request: Request, log: RequestLog): Promise<Reply> {
  const match = matchRoute(request.method, log.record.path);
  if (match.type === "error") throw match.error;
  if (match.type === "options") return { status: 204, headers: { allow: match.allow }, body: null };
  const { route } = match;
  if (route.kind === "health") return jsonReply({ status: "ok" });

  let snapshot: GatewaySnapshot;
  try {
    snapshot = await runtime.store.snapshot();
  } catch (error) {
    throw new StoreUnavailableError(error);
  }
  const index = runtime.indexOf(snapshot);
  const accessKey = authenticate(request.headers, index, runtime.clock.now());
  log.record.accessKeyId = accessKey.id;
  log.record.configurationId = accessKey.configurationId;
  const configuration = configurationOf(index, accessKey);

  if (route.kind === "models") {
    return jsonReply({ object: "list", data: index.models(accessKey.configurationId) });
  }
  return proxyRequest({ runtime, request, log, index, accessKey, configuration }, route);
}

/** The access key's configuration; one it names but the snapshot lacks is refused, never ignored. */
function configurationOf(index: SnapshotIndex, accessKey: AccessKeyRecord): AccessKeyConfiguration | null {
  if (accessKey.configurationId === null) return null;
  const record = index.snapshot.configurations.get(accessKey.configurationId);
  if (!record) throw new ConfigurationUnavailableError(accessKey.configurationId);
  return record.configuration;
}
