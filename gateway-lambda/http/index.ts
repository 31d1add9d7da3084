export { type CreateGatewaySettings, createGateway, type Gateway } from "./create-gateway";
export type { ModelObject } from "./list-models";
export { checkEndpointUrl } from "./provider-endpoints";
export type { StreamEnd } from "./relay-stream";
export type { TokenUsage } from "./usage";
