import { describe, expect, it } from "vitest";
import { InvalidRequestError, ModelNotFoundError } from "../../../../gateway-lambda/errors";
import { createModelCatalog } from "../../../../gateway-lambda/models/model-catalog";
import { resolveModel } from "../../../../gateway-lambda/models/resolve-model";

describe("resolveModel", () => {
  it("resolves a bare name through the catalog, ignoring case", () => {
    expect(resolveModel("GPT-4o")).toEqual({
      requested: "GPT-4o",
      provider: "openai",
      model: "gpt-4o",
      reference: "openai:gpt-4o",
    });
    expect(resolveModel("claude-sonnet-4-5").provider).toBe("anthropic");
  });

  it("forces the provider named before the first colon, for models the catalog does not list", () => {
    expect(resolveModel("openai:gpt-6-preview")).toEqual({
      requested: "openai:gpt-6-preview",
      provider: "openai",
      model: "gpt-6-preview",
      reference: "openai:gpt-6-preview",
    });
  });

  it("keeps the upstream id after the prefix as written: case, slashes and colons", () => {
    expect(resolveModel("openrouter:anthropic/Claude-3.5-Sonnet").model).toBe("anthropic/Claude-3.5-Sonnet");
    expect(resolveModel("openai:ft:gpt-4o-mini:acme::abc123").model).toBe("ft:gpt-4o-mini:acme::abc123");
  });

  it("lets a prefix override the catalog's provider", () => {
    expect(resolveModel("openrouter:gpt-4o")).toMatchObject({ provider: "openrouter", model: "gpt-4o" });
  });

  it("accepts custom providers it is told about", () => {
    expect(resolveModel("my-ollama:llama3.2", { providers: ["openai", "my-ollama"] })).toMatchObject({
      provider: "my-ollama",
      model: "llama3.2",
    });
  });

  it("rejects an unknown bare model, naming the provider:model form and the field", () => {
    const error = captureError(() => resolveModel("gpt-9-turbo", { param: "models[1]" }));

    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "models[1]" });
    expect((error as Error).message).toContain("`provider:model`");
  });

  it("rejects a bare name with a slash the catalog does not list (a prefix is the only way to name a provider)", () => {
    expect(() => resolveModel("anthropic/claude-3.5-sonnet")).toThrow(ModelNotFoundError);
  });

  it("rejects an unknown provider and suggests the lowercase id", () => {
    expect(() => resolveModel("acme:model-x")).toThrow(/does not know/);
    expect(() => resolveModel("OpenAI:gpt-4o")).toThrow(/did you mean `openai`/);
  });

  it.each(["", ":gpt-4o", "openai:", "x".repeat(257)])(
    "rejects the malformed model %j with a 400",
    (requested) => {
      const error = captureError(() => resolveModel(requested));

      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 400, code: "invalid_field", param: "model" });
    },
  );

  it("uses the catalog it is given", () => {
    const catalog = createModelCatalog({ "demo-model": "demo" });

    expect(resolveModel("Demo-Model", { catalog }).reference).toBe("demo:demo-model");
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
