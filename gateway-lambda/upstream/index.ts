export {
  createOpenAICompatibleAdapter,
  type OpenAICompatibleSettings,
  upstreamBody,
} from "./openai-compatible-adapter";
export type { UpstreamAdapter, UpstreamRequest } from "./upstream-adapter";
