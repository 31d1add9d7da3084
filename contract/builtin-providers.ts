/**
 * Built-in upstream providers: id -> OpenAI-compatible base URL (requests go to `<baseUrl>/chat/completions`
 * and so on). Ids and URLs follow ngrok.ai's catalog where it has them. Custom providers are declared by
 * the gateway's settings, not here.
 */
export interface BuiltinProvider {
  id: string;
  baseUrl: string;
}

export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [
  { id: "openai", baseUrl: "https://api.openai.com/v1" },
  { id: "anthropic", baseUrl: "https://api.anthropic.com/v1" },
  { id: "google", baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai" },
  { id: "groq", baseUrl: "https://api.groq.com/openai/v1" },
  { id: "deepseek", baseUrl: "https://api.deepseek.com/v1" },
  { id: "mistral", baseUrl: "https://api.mistral.ai/v1" },
  { id: "openrouter", baseUrl: "https://openrouter.ai/api/v1" },
  { id: "xai", baseUrl: "https://api.x.ai/v1" },
  { id: "moonshotai", baseUrl: "https://api.moonshot.ai/v1" },
  { id: "z-ai", baseUrl: "https://api.z.ai/api/paas/v4" },
  { id: "hyperbolic", baseUrl: "https://api.hyperbolic.xyz/v1" },
  { id: "inference-net", baseUrl: "https://api.inference.net/v1" },
];

export const BUILTIN_PROVIDER_IDS: readonly string[] = BUILTIN_PROVIDERS.map((provider) => provider.id);

/** Provider ids: lowercase letters, digits and `-`, as ngrok.ai's custom provider ids. */
export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
