import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../../../gateway-lambda/store/build-snapshot";
import { DEFAULT_GATEWAY_SETTINGS } from "../../../../gateway-lambda/store/gateway-store";

describe("buildSnapshot", () => {
  it("keys access keys by token hash, overrides built-in providers and merges settings over the defaults", () => {
    const snapshot = buildSnapshot({
      providerKeys: [],
      configurations: [],
      accessKeys: [
        {
          id: "web",
          name: "web",
          configurationId: null,
          tokenSha256: "ab".repeat(32),
          expiresAt: null,
          disabled: false,
        },
      ],
      providers: [
        { id: "openai", baseUrl: "https://proxy.example.com/openai/v1/" },
        { id: "local", baseUrl: "http://localhost:8000/v1" },
      ],
      settings: { timeouts: { firstTokenMs: 5_000 }, allowInsecureHttp: true },
      loadedAt: 42,
    });

    expect(snapshot.accessKeysByTokenHash.get("ab".repeat(32))?.id).toBe("web");
    expect(snapshot.providers.get("openai")?.baseUrl).toBe("https://proxy.example.com/openai/v1");
    expect(snapshot.providers.get("local")?.baseUrl).toBe("http://localhost:8000/v1");
    expect(snapshot.providers.get("anthropic")?.baseUrl).toBe("https://api.anthropic.com/v1");
    expect(snapshot.settings).toEqual({
      ...DEFAULT_GATEWAY_SETTINGS,
      timeouts: { ...DEFAULT_GATEWAY_SETTINGS.timeouts, firstTokenMs: 5_000 },
      allowInsecureHttp: true,
    });
    expect(Object.isFrozen(snapshot.settings.timeouts)).toBe(true);
    expect(DEFAULT_GATEWAY_SETTINGS.timeouts.firstTokenMs).toBe(30_000);
  });
});
