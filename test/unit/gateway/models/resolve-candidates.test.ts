import { describe, expect, it } from "vitest";
import { resolveCandidates } from "../../../../gateway-lambda/models/resolve-candidates";

function references(body: unknown): string[] {
  return resolveCandidates(body).map((candidate) => candidate.reference);
}

describe("resolveCandidates", () => {
  it("takes model, then each fallback in models, in order", () => {
    const body = {
      model: "gpt-4o",
      models: ["anthropic:claude-sonnet-4-5", "gemini-2.5-flash"],
      messages: [],
    };

    expect(references(body)).toEqual([
      "openai:gpt-4o",
      "anthropic:claude-sonnet-4-5",
      "google:gemini-2.5-flash",
    ]);
  });

  it("drops repeated models, whatever their spelling", () => {
    expect(references({ model: "gpt-4o", models: ["GPT-4o", "openai:gpt-4o", "gpt-4o-mini"] })).toEqual([
      "openai:gpt-4o",
      "openai:gpt-4o-mini",
    ]);
  });

  it("treats a null models like an absent one", () => {
    expect(references({ model: "gpt-4o", models: null })).toEqual(["openai:gpt-4o"]);
  });

  it.each([
    [[], "invalid_json", null],
    ["gpt-4o", "invalid_json", null],
    [null, "invalid_json", null],
    [{ messages: [] }, "missing_field", "model"],
    [{ model: 4 }, "invalid_field", "model"],
    [{ model: "gpt-4o", models: "gpt-4o-mini" }, "invalid_field", "models"],
    [{ model: "gpt-4o", models: ["gpt-4o-mini", 7] }, "invalid_field", "models[1]"],
    [{ model: "gpt-4o", models: Array(11).fill("gpt-4o-mini") }, "invalid_field", "models"],
  ])("rejects %j with a 400 naming the field", (body, code, param) => {
    expect(() => resolveCandidates(body)).toThrow(expect.objectContaining({ status: 400, code, param }));
  });

  it("names the fallback entry that is not a known model", () => {
    expect(() => resolveCandidates({ model: "gpt-4o", models: ["gpt-nine"] })).toThrow(
      expect.objectContaining({ status: 404, code: "model_not_found", param: "models[0]" }),
    );
  });
});
