/**
 * The Lambda entry (the bundle's `handler`). Everything is built once per execution environment at
 * init: the Secrets Manager client, the store, the gateway. Init awaits no network call; the first
 * request loads the namespace's snapshot. With the Node.js managed runtime's `awslambda` global
 * present, `handler` streams (Function URL invoke mode RESPONSE_STREAM); `bufferedHandler` serves
 * invoke mode BUFFERED.
 */
import { createBufferedHandler } from "./buffered-handler";
import { createLambdaGateway } from "./lambda-gateway";
import { type AwsLambdaGlobal, createStreamingHandler } from "./streaming-handler";

const gateway = createLambdaGateway();
// The AWS SDK itself creates an empty `globalThis.awslambda` (its invoke store), so test for the
// runtime's function, not for the object.
const runtime = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
const streaming =
  typeof runtime?.streamifyResponse === "function" && runtime.HttpResponseStream !== undefined;

export const bufferedHandler = createBufferedHandler(gateway);
export const handler = streaming
  ? createStreamingHandler(gateway, runtime as AwsLambdaGlobal)
  : bufferedHandler;
