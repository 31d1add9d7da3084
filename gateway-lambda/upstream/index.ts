export { createOpenAICompatibleAdapter, type OpenAICompatibleSettings } from "./openai-compatible-adapter";
export type { UpstreamAdapter, UpstreamRequest } from "./upstream-adapter";
export { createUpstreamBody, type UpstreamBody, upstreamBody } from "./upstream-body";
