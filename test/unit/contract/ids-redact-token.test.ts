import { describe, expect, it } from "vitest";
import { createResourceId, isResourceId } from "../../../contract/ids";
import { redactKey } from "../../../contract/redact";
import { hashToken, sameDigest } from "../../../contract/token-hash";

describe("resource ids", () => {
  it("are prefixed by kind and carry 26 base32 characters", () => {
    expect(createResourceId("providerKey")).toMatch(/^kwpk_[a-z2-7]{26}$/);
    expect(createResourceId("configuration")).toMatch(/^kwac_[a-z2-7]{26}$/);
    expect(createResourceId("accessKey")).toMatch(/^kwak_[a-z2-7]{26}$/);
  });

  it("do not repeat", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => createResourceId("providerKey")));
    expect(ids.size).toBe(2000);
  });

  it("are recognised only with their own kind's prefix", () => {
    const id = createResourceId("configuration");
    expect(isResourceId("configuration", id)).toBe(true);
    expect(isResourceId("providerKey", id)).toBe(false);
    expect(isResourceId("configuration", `${id}x`)).toBe(false);
    expect(isResourceId("configuration", "aigac_123")).toBe(false);
  });
});

describe("redactKey", () => {
  it("shows the first 10 and last 4 characters of a long key", () => {
    expect(redactKey("sk-proj-abcdefghijklmnopqrstuvwxyz-wxyz")).toBe("sk-proj-ab***wxyz");
  });

  it("shows only the last 4 of a short key, so at least 8 characters stay hidden", () => {
    expect(redactKey("gsk_0123456789abc")).toBe("***9abc");
  });

  it("shows nothing of a very short key", () => {
    expect(redactKey("abcdefgh")).toBe("***");
  });
});

describe("token hashes", () => {
  it("are the lowercase hex SHA-256 of the token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compare equal only when identical", () => {
    expect(sameDigest(hashToken("a"), hashToken("a"))).toBe(true);
    expect(sameDigest(hashToken("a"), hashToken("b"))).toBe(false);
    expect(sameDigest(hashToken("a"), "")).toBe(false);
  });
});
