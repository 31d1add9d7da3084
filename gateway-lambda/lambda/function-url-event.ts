/**
 * The Lambda Function URL event (API Gateway HTTP API payload format 2.0) and the buffered result,
 * reduced to the fields keyway reads. Defined here rather than pulled from @types/aws-lambda to keep
 * the gateway's dependencies to what it runs.
 */
export interface FunctionUrlEvent {
  version: "2.0";
  rawPath: string;
  rawQueryString: string;
  /** Lower-cased names; repeated headers arrive comma-joined. */
  headers?: Record<string, string | undefined>;
  cookies?: string[];
  requestContext: {
    domainName?: string;
    requestId?: string;
    http: { method: string; path?: string; sourceIp?: string; userAgent?: string };
  };
  body?: string;
  isBase64Encoded?: boolean;
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** What the Lambda runtime passes as `context`, as far as keyway uses it. */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}
