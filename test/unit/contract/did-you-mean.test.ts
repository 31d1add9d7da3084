import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../../contract/did-you-mean";

describe("closestName", () => {
  const ruleFields = ["provider", "model", "steps"];

  it.each([
    ["stepz", "steps"],
    ["Steps", "steps"],
    ["providers", "provider"],
    ["modle", "model"],
  ])("suggests %s -> %s", (typo, expected) => {
    expect(closestName(typo, ruleFields)).toBe(expected);
  });

  it("suggests nothing when no field is close", () => {
    expect(closestName("owner", ruleFields)).toBeUndefined();
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours", () => {
    const pairs = [
      ["kitten", "sitting", 3],
      ["", "abc", 3],
      ["same", "same", 0],
      ["modle", "model", 1],
    ] as const;

    expect(pairs.map(([a, b]) => editDistance(a, b))).toEqual(pairs.map(([, , distance]) => distance));
  });
});
