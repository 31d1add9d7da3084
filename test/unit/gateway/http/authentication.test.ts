import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGatewayHarness, type GatewayHarness, TOKENS } from "./gateway-harness";

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await createGatewayHarness();
});

afterEach(async () => {
  await harness.close();
});

const chatBody = { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] };

describe("access keys", () => {
  it.each([
    ["no token", null, "missing_access_key"],
    ["an unknown token", "kw-never-issued", "invalid_access_key"],
    ["a disabled key", TOKENS.disabled, "access_key_disabled"],
    ["an expired key", TOKENS.expired, "access_key_expired"],
  ])("answers 401 for %s, with its own code and WWW-Authenticate", async (_, token, code) => {
    const response = await harness.chat(chatBody, { token });

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="keyway"');
    expect((await response.json()).error).toMatchObject({ code, type: "authentication_error" });
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("checks the access key before reading the body", async () => {
    const response = await harness.call("/v1/chat/completions", { token: null, body: "{not json" });

    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("missing_access_key");
  });

  it("accepts the token as x-api-key", async () => {
    const response = await harness.chat(chatBody, { token: null, headers: { "x-api-key": TOKENS.routed } });

    expect(response.status).toBe(200);
  });

  it("accepts any case of the Bearer scheme", async () => {
    const response = await harness.chat(chatBody, {
      token: null,
      headers: { authorization: `bearer ${TOKENS.routed}` },
    });

    expect(response.status).toBe(200);
  });

  it("treats an Authorization header with another scheme as no token", async () => {
    const response = await harness.chat(chatBody, {
      token: null,
      headers: { authorization: `Basic ${Buffer.from(`user:${TOKENS.routed}`).toString("base64")}` },
    });

    expect((await response.json()).error.code).toBe("missing_access_key");
  });

  it("never forwards the client's credentials upstream: the provider key replaces them", async () => {
    await harness.chat(chatBody, { headers: { "x-api-key": TOKENS.routed, cookie: "session=1" } });

    const seen = harness.upstream.received[0]?.headers ?? {};
    expect(seen.authorization).toBe("Bearer sk-openai-a-SECRETVALUE1");
    expect(JSON.stringify(seen)).not.toContain(TOKENS.routed);
    expect(seen.cookie).toBeUndefined();
  });

  it("refuses a key whose configuration the gateway does not have, rather than serving it unrestricted", async () => {
    const response = await harness.chat(chatBody, { token: TOKENS.orphan });

    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatchObject({
      code: "configuration_unavailable",
      type: "server_error",
    });
    expect(harness.upstream.received).toHaveLength(0);
  });

  it("treats an unreadable expiry as expired: it fails closed", async () => {
    const custom = await createGatewayHarness({
      accessKeys: [{ token: "kw-test-odd-expiry", id: "kwak_odd", expiresAt: "next tuesday" }],
    });
    try {
      const response = await custom.chat(chatBody, { token: "kw-test-odd-expiry" });

      expect((await response.json()).error.code).toBe("access_key_expired");
    } finally {
      await custom.close();
    }
  });

  it("hashes a token as the contract does, characters outside ASCII included", async () => {
    const custom = await createGatewayHarness({
      accessKeys: [{ token: "kw-test-café-ünïcode-0007", id: "kwak_latin1", expiresAt: null }],
    });
    try {
      const response = await custom.chat(chatBody, { token: "kw-test-café-ünïcode-0007" });

      expect(response.status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it("lets a key without an expiry in", async () => {
    const response = await harness.chat(chatBody, { token: TOKENS.open });

    expect(response.status).toBe(200);
  });
});
