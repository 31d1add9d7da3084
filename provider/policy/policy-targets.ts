/**
 * How the policies recognise what they check. keyway's resources by their engine type tokens (every
 * dynamic resource shares `pulumi-nodejs:dynamic:Resource` unless it names a module and type, and
 * keyway's do). The gateway's AWS children by their type and by their parent, the
 * `keyway:index:Gateway` component, read from the URN: that holds for every gateway, also at first
 * preview when the log group's `/aws/lambda/<function>` name is still unknown, and it never picks up
 * log groups or Function URLs of other Lambdas in the stack.
 */
import { AccessKey } from "../resources/access-key";
import { AccessKeyConfiguration } from "../resources/access-key-configuration";
import { ProviderKey } from "../resources/provider-key";

export const KEYWAY_TYPES = {
  providerKey: ProviderKey.typeToken,
  accessKeyConfiguration: AccessKeyConfiguration.typeToken,
  accessKey: AccessKey.typeToken,
  /** The component's type (provider/components/gateway.ts); not imported, to keep @pulumi/aws out of the pack. */
  gateway: "keyway:index:Gateway",
} as const;

export const GATEWAY_CHILD_TYPES = {
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  functionUrl: "aws:lambda/functionUrl:FunctionUrl",
} as const;

/**
 * The type of the resource's direct parent, from its URN
 * (`urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>`); undefined at the top level.
 */
export function parentTypeOf(urn: string): string | undefined {
  const qualifiedType = urn.split("::")[2] ?? "";
  const chain = qualifiedType.split("$");
  return chain.length > 1 ? chain[chain.length - 2] : undefined;
}

/** True for a resource of `type` that a `keyway.Gateway` created. */
export function isGatewayChild(resource: { type: string; urn: string }, type: string): boolean {
  return resource.type === type && parentTypeOf(resource.urn) === KEYWAY_TYPES.gateway;
}
