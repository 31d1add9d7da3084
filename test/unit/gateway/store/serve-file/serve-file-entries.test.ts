import { describe, expect, it } from "vitest";
import { hashToken } from "../../../../../contract/token-hash";
import { ENV, problems, snapshotOf, yaml } from "./serve-file-helpers";

describe("loadServeFile: providers", () => {
  it("overrides a built-in's base URL and adds custom providers, without trailing slashes", () => {
    const snapshot = snapshotOf(yaml`
      providers:
        - { id: openai, baseUrl: "https://eu.api.openai.com/v1/" }
        - { id: vllm, baseUrl: "http://[::1]:8000/v1" }
    `);

    expect(snapshot.providers.get("openai")).toEqual({
      id: "openai",
      baseUrl: "https://eu.api.openai.com/v1",
    });
    expect(snapshot.providers.get("vllm")).toEqual({ id: "vllm", baseUrl: "http://[::1]:8000/v1" });
    expect(snapshot.providers.get("groq")?.baseUrl).toBe("https://api.groq.com/openai/v1");
  });

  it("refuses plain http to a host that is not loopback unless settings.allowInsecureHttp", () => {
    const text = yaml`
      providers:
        - { id: lan, baseUrl: "http://10.0.0.5:8000/v1" }
        - { id: ftp, baseUrl: "ftp://10.0.0.5/v1" }
        - { id: Bad_Id, baseUrl: "not a url" }
    `;

    expect(problems(text)).toEqual([
      'keyway.yaml:2:25: error: providers[0].baseUrl: "http://10.0.0.5:8000/v1" is plain http to a host that is not loopback, so keys would cross the network unencrypted; use https, or set settings.allowInsecureHttp: true',
      'keyway.yaml:3:25: error: providers[1].baseUrl: "ftp://10.0.0.5/v1" must start with https:// (or http:// for loopback)',
      'keyway.yaml:4:11: error: providers[2].id: "Bad_Id" is not a valid provider id; use lowercase letters, digits and "-" (at most 63), e.g. "local-llm"',
      'keyway.yaml:4:28: error: providers[2].baseUrl: "not a url" is not a URL; write e.g. "https://api.example.com/v1"',
    ]);
    const allowed = snapshotOf(
      `${text.split("\n").slice(0, 2).join("\n")}\nsettings: { allowInsecureHttp: true }\n`,
    );
    expect(allowed.providers.get("lan")?.baseUrl).toBe("http://10.0.0.5:8000/v1");
    expect(allowed.settings.allowInsecureHttp).toBe(true);
  });
});

describe("loadServeFile: provider keys", () => {
  it("needs a known provider, a name and a value, and never echoes the value", () => {
    const text = yaml`
      providerKeys:
        - { providerId: opnai, name: a, value: sk-secret-value-0123456789 }
        - { providerId: openai, value: 12345 }
        - { providerId: openai, name: c, valeu: sk-secret-value-0123456789 }
    `;

    const output = problems(text);

    expect(output).toEqual([
      'keyway.yaml:2:19: error: providerKeys[0].providerId: unknown provider "opnai"; did you mean "openai"?',
      "keyway.yaml:3:5: error: providerKeys[1].name: is required",
      "keyway.yaml:3:34: error: providerKeys[1].value: must be a string, not a number",
      "keyway.yaml:4:5: error: providerKeys[2].value: is required",
      'keyway.yaml:4:36: error: providerKeys[2].valeu: unknown field "valeu"; did you mean "value"?',
    ]);
    expect(output.join("\n")).not.toContain("sk-secret");
  });

  it("accepts a custom provider's keys", () => {
    const snapshot = snapshotOf(yaml`
      providers: [{ id: local-llm, baseUrl: "http://localhost:11434/v1" }]
      providerKeys: [{ providerId: local-llm, name: Local, value: none }]
    `);

    expect(snapshot.providerKeys.get("local")).toEqual({
      id: "local",
      providerId: "local-llm",
      name: "Local",
      value: "none",
    });
  });
});

describe("loadServeFile: access keys", () => {
  it("hashes a token, takes a tokenSha256 as given (lowercased), and defaults to no configuration", () => {
    const hash = hashToken("kw-another-token-0123456789abcdef");
    const snapshot = snapshotOf(yaml`
      accessKeys:
        - { name: web, token: "\${KEYWAY_TOKEN}", disabled: true }
        - { id: ci, name: CI, tokenSha256: ${hash.toUpperCase()}, expiresAt: "2027-01-31T00:00:00+01:00" }
    `);

    expect([...snapshot.accessKeysByTokenHash.values()]).toEqual([
      {
        id: "web",
        name: "web",
        configurationId: null,
        tokenSha256: hashToken(ENV.KEYWAY_TOKEN),
        expiresAt: null,
        disabled: true,
      },
      {
        id: "ci",
        name: "CI",
        configurationId: null,
        tokenSha256: hash,
        expiresAt: "2027-01-30T23:00:00.000Z",
        disabled: false,
      },
    ]);
  });

  it("warns about a short token but serves it", () => {
    const text = yaml`
      accessKeys:
        - { name: dev, token: letmein }
    `;

    expect(problems(text)).toEqual([
      "keyway.yaml:2:25: warning: accessKeys[0].token: is shorter than 20 characters, so it can be guessed; use a long random token (openssl rand -base64 32)",
    ]);
    expect(snapshotOf(text).accessKeysByTokenHash.has(hashToken("letmein"))).toBe(true);
  });

  it("needs exactly one of token and tokenSha256, a real hash, a real instant and distinct tokens", () => {
    const output = problems(yaml`
      accessKeys:
        - { name: a }
        - { name: b, token: kw-0123456789abcdefghijklmnop, tokenSha256: abc }
        - { name: c, tokenSha256: abc }
        - { name: d, token: kw-0123456789abcdefghijklmnop, expiresAt: next year, disabled: "no" }
        - { name: e, token: kw-0123456789abcdefghijklmnop }
    `);

    expect(output).toEqual([
      `keyway.yaml:2:5: error: accessKeys[0]: needs a token (e.g. token: "\${KEYWAY_TOKEN}") or its tokenSha256`,
      "keyway.yaml:3:5: error: accessKeys[1]: has both token and tokenSha256; keep one",
      'keyway.yaml:4:29: error: accessKeys[2].tokenSha256: is not a SHA-256 in hex (64 characters 0-9 and a-f); compute it with: printf %s "$TOKEN" | sha256sum',
      'keyway.yaml:5:65: error: accessKeys[3].expiresAt: "next year" is not an ISO 8601 instant; write e.g. "2027-01-31T00:00:00Z"',
      "keyway.yaml:5:86: error: accessKeys[3].disabled: must be a boolean, not a string",
      "keyway.yaml:6:5: error: accessKeys[4]: has the same token as accessKeys[3]; give each access key its own",
    ]);
    expect(output.join("\n")).not.toContain("kw-0123456789");
  });
});

describe("loadServeFile: settings", () => {
  it("merges timeouts, body limit and the http switch over the defaults", () => {
    const snapshot = snapshotOf(yaml`
      settings:
        timeouts: { perAttempt: 1500ms, total: 2m }
        maxBodyBytes: 1048576
    `);

    expect(snapshot.settings).toEqual({
      timeouts: { perAttemptMs: 1500, totalMs: 120_000, firstTokenMs: 30_000, streamIdleMs: 30_000 },
      maxBodyBytes: 1_048_576,
      allowInsecureHttp: false,
    });
  });

  it("reports durations, sizes and fields it cannot use", () => {
    expect(
      problems(yaml`
        settings:
          timeouts: { perAttempt: 60, total: 0s, firstToken: 2h }
          maxBodyBytes: 1.5
          allowInsecureHttp: yes
          logLevel: debug
      `),
    ).toEqual([
      'keyway.yaml:2:27: error: settings.timeouts.perAttempt: 60 is not a duration above 0; write a whole number followed by ms, s or m, e.g. "60s"',
      'keyway.yaml:2:38: error: settings.timeouts.total: "0s" is not a duration above 0; write a whole number followed by ms, s or m, e.g. "60s"',
      'keyway.yaml:2:54: error: settings.timeouts.firstToken: "2h" is not a duration above 0; write a whole number followed by ms, s or m, e.g. "60s"',
      "keyway.yaml:3:17: error: settings.maxBodyBytes: 1.5 is not a byte count; write a whole number above 0, e.g. 5242880 (5 MiB)",
      "keyway.yaml:4:22: error: settings.allowInsecureHttp: must be a boolean, not a string",
      'keyway.yaml:5:3: error: settings.logLevel: unknown field "logLevel"; expected one of "timeouts", "maxBodyBytes", "allowInsecureHttp"',
    ]);
  });

  it("warns when the per-attempt timeout outlasts the total", () => {
    expect(problems("settings:\n  timeouts: { perAttempt: 3m, total: 2m }\n")).toEqual([
      'keyway.yaml:2:27: warning: settings.timeouts.perAttempt: "3m" is longer than settings.timeouts.total ("2m"), which ends the request first',
    ]);
  });
});
