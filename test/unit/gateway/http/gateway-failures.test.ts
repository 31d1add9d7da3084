import { describe, expect, it } from "vitest";
import { createGateway } from "../../../../gateway-lambda/http";
import { createJsonLogger } from "../../../../gateway-lambda/logger";
import {
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySnapshot,
  type GatewayStore,
} from "../../../../gateway-lambda/store/gateway-store";

function gatewayOver(store: GatewayStore) {
  const lines: string[] = [];
  const gateway = createGateway({
    store,
    logger: createJsonLogger((line) => lines.push(line)),
    requestId: () => "rq_fail",
  });
  return { gateway, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const modelsRequest = () =>
  new Request("http://keyway.local/v1/models", { headers: { authorization: "Bearer kw-any" } });

describe("when things break inside the gateway", () => {
  it("answers 503 store_unavailable when the store cannot load, and logs it", async () => {
    const { gateway, logs } = gatewayOver({
      snapshot: () => Promise.reject(new Error("Secrets Manager unreachable")),
      close: async () => {},
    });

    const response = await gateway(modelsRequest());

    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatchObject({ code: "store_unavailable", type: "server_error" });
    expect(logs()).toEqual([expect.objectContaining({ status: 503, errorCode: "store_unavailable" })]);
  });

  it("turns a bug into a 500 internal_error carrying only the request id; the stack goes to the log", async () => {
    const snapshot = {
      providerKeys: new Map(),
      configurations: new Map(),
      accessKeysByTokenHash: {
        get() {
          throw new TypeError("lookup exploded");
        },
      },
      providers: new Map(),
      settings: DEFAULT_GATEWAY_SETTINGS,
      loadedAt: 0,
    } as unknown as GatewaySnapshot;
    const { gateway, logs } = gatewayOver({ snapshot: async () => snapshot, close: async () => {} });

    const response = await gateway(modelsRequest());
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text).error).toEqual({
      message: "Internal error (request rq_fail).",
      type: "server_error",
      param: null,
      code: "internal_error",
    });
    expect(text).not.toContain("exploded");
    const [line] = logs();
    expect(line).toMatchObject({ level: "error", status: 500, errorCode: "internal_error" });
    expect(line?.errorDetail).toContain("TypeError: lookup exploded");
  });

  it("never rejects, even when the logger throws", async () => {
    const gateway = createGateway({
      store: { snapshot: () => Promise.reject(new Error("down")), close: async () => {} },
      logger: {
        log() {
          throw new Error("disk full");
        },
      },
    });

    const response = await gateway(modelsRequest());

    expect(response.status).toBe(503);
  });
});
