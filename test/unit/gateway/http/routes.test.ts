import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  await harness.close();
});

describe("GET /healthz", () => {
  it("answers ok without authentication and without internals", async () => {
    const response = await harness.call("/healthz", { token: null });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("x-keyway-request-id")).toBe("rq_test1");
    expect(harness.upstream.received).toHaveLength(0);
  });
});

describe("routing", () => {
  it("answers 404 not_found for an unknown path, before authentication", async () => {
    const response = await harness.call("/v1/completions/", { token: null, body: { model: "gpt-4o" } });

    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "not_found", type: "not_found_error" });
    expect(response.headers.get("x-keyway-request-id")).toBe("rq_test1");
  });

  it.each([
    ["GET", "/v1/chat/completions", "POST"],
    ["PUT", "/v1/responses", "POST"],
    ["DELETE", "/v1/embeddings", "POST"],
    ["POST", "/v1/models", "GET"],
    ["HEAD", "/healthz", "GET"],
  ])("answers 405 with Allow for %s %s", async (method, path, allowed) => {
    const response = await harness.call(path, { method });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allowed);
    if (method !== "HEAD") {
      expect((await response.json()).error.code).toBe("method_not_allowed");
    }
  });

  it("answers OPTIONS on a known path with 204 and Allow, without authentication or CORS headers", async () => {
    const response = await harness.call("/v1/chat/completions", { method: "OPTIONS", token: null });

    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("x-keyway-request-id")).toBe("rq_test1");
  });

  it("ignores the query string", async () => {
    const response = await harness.call("/v1/models?limit=1", { token: null });

    expect(response.status).toBe(401);
  });

  it("gives every response its own request id", async () => {
    const first = await harness.call("/healthz");
    const second = await harness.call("/nowhere");

    expect(first.headers.get("x-keyway-request-id")).toBe("rq_test1");
    expect(second.headers.get("x-keyway-request-id")).toBe("rq_test2");
  });
});
