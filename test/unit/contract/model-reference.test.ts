import { describe, expect, it } from "vitest";
import {
  formatModelReference,
  modelReferenceKey,
  normalizeModelName,
  parseModelReference,
  tryParseModelReference,
} from "../../../contract/model-reference";

describe("parseModelReference", () => {
  it.each([
    ["openai:gpt-4o", "openai", "gpt-4o"],
    ["my-ollama:llama3.2", "my-ollama", "llama3.2"],
    ["openrouter:anthropic/claude-3.5-sonnet", "openrouter", "anthropic/claude-3.5-sonnet"],
    ["groq:openai/gpt-oss-20b", "groq", "openai/gpt-oss-20b"],
    [
      "openrouter:meta-llama/llama-3.1-8b-instruct:free",
      "openrouter",
      "meta-llama/llama-3.1-8b-instruct:free",
    ],
  ])("reads the canonical form %s", (reference, provider, model) => {
    expect(parseModelReference(reference)).toEqual({ provider, model });
  });

  it("reads ngrok's OpenAPI form provider:provider/model as the provider's own model", () => {
    expect(parseModelReference("openai:openai/gpt-5.5")).toEqual({ provider: "openai", model: "gpt-5.5" });
  });

  it("keeps OpenRouter's own openrouter/ model ids whole", () => {
    expect(parseModelReference("openrouter:openrouter/auto")).toEqual({
      provider: "openrouter",
      model: "openrouter/auto",
    });
  });

  it("reads ngrok's docs form provider/model when the prefix is a provider id", () => {
    expect(parseModelReference("openai/gpt-4o")).toEqual({ provider: "openai", model: "gpt-4o" });
    expect(parseModelReference("groq/openai/gpt-oss-20b")).toEqual({
      provider: "groq",
      model: "openai/gpt-oss-20b",
    });
  });

  it("keeps the case of the model name as written", () => {
    expect(parseModelReference("openai:GPT-4o")).toEqual({ provider: "openai", model: "GPT-4o" });
  });

  it.each([
    ["gpt-4o", '"gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"'],
    [
      "Meta-Llama/Llama-3",
      '"Meta-Llama/Llama-3" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"',
    ],
    [
      "OpenAI:gpt-4o",
      '"OpenAI:gpt-4o" does not start with a valid provider id; provider ids are lowercase, e.g. "openai:gpt-4o"',
    ],
    [
      "meta-llama/llama-3:free",
      '"meta-llama/llama-3:free" does not start with a valid provider id; write it as "provider:model", e.g. "openai:gpt-4o"',
    ],
    ["openai:", '"openai:" has no model after the provider, e.g. "openai:gpt-4o"'],
    ["openai: gpt-4o", '"openai: gpt-4o" must not contain spaces'],
  ])("explains what is wrong with %j", (reference, message) => {
    expect(tryParseModelReference(reference)).toEqual({ ok: false, message });
  });

  it("throws on an invalid reference, naming the provider:model form", () => {
    expect(() => parseModelReference("gpt-4o")).toThrow(
      'Invalid model reference: "gpt-4o" has no provider; write it as "provider:model", e.g. "openai:gpt-4o"',
    );
  });
});

describe("formatModelReference", () => {
  it("writes the canonical provider:model form", () => {
    expect(formatModelReference({ provider: "openrouter", model: "anthropic/claude-3.5-sonnet" })).toBe(
      "openrouter:anthropic/claude-3.5-sonnet",
    );
  });

  it("turns every accepted form into the canonical one", () => {
    for (const reference of ["openai:gpt-4o", "openai/gpt-4o", "openai:openai/gpt-4o"]) {
      expect(formatModelReference(parseModelReference(reference))).toBe("openai:gpt-4o");
    }
  });
});

describe("model comparison", () => {
  it("compares model names case-insensitively", () => {
    expect(normalizeModelName("GPT-4o")).toBe(normalizeModelName("gpt-4o"));
  });

  it("gives every form and case of the same model the same key", () => {
    const keys = ["openai:gpt-4o", "openai/GPT-4o", "openai:openai/Gpt-4O"].map((reference) =>
      modelReferenceKey(parseModelReference(reference)),
    );
    expect(new Set(keys)).toEqual(new Set(["openai:gpt-4o"]));
  });

  it("keeps provider ids exact: the same model at another provider is another model", () => {
    expect(modelReferenceKey(parseModelReference("openrouter:openai/gpt-4o"))).not.toBe(
      modelReferenceKey(parseModelReference("openai:gpt-4o")),
    );
  });
});
