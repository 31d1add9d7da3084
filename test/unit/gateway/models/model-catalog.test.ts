import { describe, expect, it } from "vitest";
import { BUILTIN_PROVIDER_IDS } from "../../../../contract/builtin-providers";
import {
  BUILTIN_MODEL_CATALOG,
  BUILTIN_MODEL_ENTRIES,
  createModelCatalog,
} from "../../../../gateway-lambda/models/model-catalog";

describe("the built-in model catalog", () => {
  it("maps lowercase model ids to built-in providers", () => {
    const entries = Object.entries(BUILTIN_MODEL_ENTRIES);

    expect(entries.length).toBeGreaterThanOrEqual(30);
    for (const [model, provider] of entries) {
      expect(model).toBe(model.toLowerCase());
      expect(BUILTIN_PROVIDER_IDS).toContain(provider);
    }
  });

  it("covers the well-known providers", () => {
    const providers = new Set(Object.values(BUILTIN_MODEL_ENTRIES));

    for (const provider of ["openai", "anthropic", "google", "groq", "deepseek", "mistral", "xai"]) {
      expect(providers).toContain(provider);
    }
  });

  it("looks names up case-insensitively and answers with the catalog's id", () => {
    expect(BUILTIN_MODEL_CATALOG.lookup("GPT-4o-Mini")).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    expect(BUILTIN_MODEL_CATALOG.lookup("openai/gpt-oss-20b")).toEqual({
      provider: "groq",
      model: "openai/gpt-oss-20b",
    });
    expect(BUILTIN_MODEL_CATALOG.lookup("no-such-model")).toBeUndefined();
  });

  it("builds a catalog from any entries", () => {
    const catalog = createModelCatalog({ "Local-Llama": "my-ollama" });

    expect(catalog.lookup("local-llama")).toEqual({ provider: "my-ollama", model: "local-llama" });
  });
});
