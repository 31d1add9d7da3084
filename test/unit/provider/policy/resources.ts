/** Resources as the engine sends them to a policy pack for a keyway stack (inputs, secrets unwrapped). */
import { GATEWAY_CHILD_TYPES, KEYWAY_TYPES } from "../../../../provider/policy";
import type { TestResource } from "./policy-args";

const PROVIDER = "exports.handler = ...; // serialized delegate";

export function providerKey(name: string, props: Record<string, unknown> = {}): TestResource {
  return {
    type: KEYWAY_TYPES.providerKey,
    name,
    props: {
      __provider: PROVIDER,
      namespace: "infra-prod",
      providerId: "openai",
      name,
      value: "sk-proj-PRIMARYprimaryPRIMARY0001",
      ...props,
    },
  };
}

export function configuration(name: string, props: Record<string, unknown> = {}): TestResource {
  return {
    type: KEYWAY_TYPES.accessKeyConfiguration,
    name,
    props: {
      __provider: PROVIDER,
      namespace: "infra-prod",
      name,
      access: { providers: { allow: ["openai"] } },
      router: { rules: [openaiRule(["kwpk_primary", "kwpk_backup"])] },
      ...props,
    },
  };
}

/** A provider rule with one step listing these key ids. */
export function openaiRule(keyIds: unknown[]): Record<string, unknown> {
  return {
    provider: "openai",
    steps: [{ type: "user", keySelectionStrategy: "ordered", keys: keyIds.map((id) => ({ id })) }],
  };
}

export function accessKey(name: string, props: Record<string, unknown> = {}): TestResource {
  return {
    type: KEYWAY_TYPES.accessKey,
    name,
    props: { __provider: PROVIDER, namespace: "infra-prod", name, configurationId: "kwac_prod", ...props },
  };
}

/** The Gateway's log group: `/aws/lambda/<function>`, retention from `logRetentionInDays` (default 30). */
export function gatewayLogGroup(
  props: Record<string, unknown> = {},
  parents: string[] = [KEYWAY_TYPES.gateway],
): TestResource {
  return {
    type: GATEWAY_CHILD_TYPES.logGroup,
    name: "ai-logs",
    parents,
    props: { name: "/aws/lambda/ai-4c1e2f9", retentionInDays: 30, ...props },
  };
}

/** The Gateway's Function URL; `cors` only when the Gateway has allowedOrigins. */
export function gatewayFunctionUrl(
  props: Record<string, unknown> = {},
  parents: string[] = [KEYWAY_TYPES.gateway],
): TestResource {
  return {
    type: GATEWAY_CHILD_TYPES.functionUrl,
    name: "ai-url",
    parents,
    props: { functionName: "ai-4c1e2f9", authorizationType: "NONE", invokeMode: "RESPONSE_STREAM", ...props },
  };
}

export function corsFor(origins: unknown[]): Record<string, unknown> {
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "POST"],
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: ["x-keyway-request-id"],
    allowCredentials: false,
    maxAge: 86_400,
  };
}
