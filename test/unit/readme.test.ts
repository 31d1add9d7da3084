import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorCatalogueMarkdown } from "../../gateway-lambda/errors";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("lists every gateway error code with its status, as the code defines them", () => {
    expect(readme).toContain(errorCatalogueMarkdown().trim());
  });

  it("names the test command that CI runs", () => {
    expect(readFileSync(".ci/run", "utf8")).toContain("npm test");
    expect(readme).toContain("```sh\nnpm test\n```");
  });
});
