import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogLevel } from "../../../../gateway-lambda/logger";
import { createFileStore, type FileStoreOptions } from "../../../../gateway-lambda/store/file-store";
import { ServeFileError } from "../../../../gateway-lambda/store/serve-file/serve-file-issue";

const SECRET = "sk-proj-FILESTOREfilestore0123456789";
const env = { OPENAI_API_KEY: SECRET };

function serveFile(keyName: string): string {
  return [
    "providerKeys:",
    "  - id: openai-primary",
    "    providerId: openai",
    `    name: ${keyName}`,
    `    value: \${OPENAI_API_KEY}`,
    "",
  ].join("\n");
}

let directory: string;
let path: string;
const stores: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "keyway-file-store-"));
  path = join(directory, "keyway.yaml");
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(directory, { recursive: true, force: true });
});

function open(options: Partial<FileStoreOptions> = {}) {
  const lines: { level: LogLevel; event: string; fields: Record<string, unknown> }[] = [];
  const store = createFileStore({
    path,
    env,
    debounceMs: 20,
    logger: { log: (level, event, fields = {}) => lines.push({ level, event, fields }) },
    ...options,
  });
  stores.push(store);
  return { store, lines };
}

const keyName = async (store: ReturnType<typeof open>["store"]) =>
  (await store.snapshot()).providerKeys.get("openai-primary")?.name;

describe("file store", () => {
  it("serves the file's snapshot and reads the file once", async () => {
    await writeFile(path, serveFile("first"));
    const { store, lines } = open({ watch: false });

    const snapshot = await store.snapshot();

    expect(snapshot.providerKeys.get("openai-primary")?.value).toBe(SECRET);
    expect(await store.snapshot()).toBe(snapshot);
    expect(lines).toEqual([
      {
        level: "info",
        event: "store.loaded",
        fields: { file: path, providerKeys: 1, configurations: 0, accessKeys: 0 },
      },
    ]);
  });

  it("reloads when the file changes", async () => {
    await writeFile(path, serveFile("first"));
    const { store, lines } = open();
    await store.snapshot();

    await writeFile(path, serveFile("second"));

    await vi.waitFor(async () => expect(await keyName(store)).toBe("second"), { timeout: 5_000 });
    expect(lines.at(-1)?.event).toBe("store.reloaded");
  });

  it("picks up an editor's save by rename (a new file over the old one)", async () => {
    await writeFile(path, serveFile("first"));
    const { store } = open();
    await store.snapshot();

    await writeFile(join(directory, ".keyway.yaml.swp"), serveFile("renamed"));
    await rename(join(directory, ".keyway.yaml.swp"), path);

    await vi.waitFor(async () => expect(await keyName(store)).toBe("renamed"), { timeout: 5_000 });
  });

  it("keeps the last valid snapshot when an edit is invalid, and logs every issue without secrets", async () => {
    await writeFile(path, serveFile("first"));
    const { store, lines } = open();
    const first = await store.snapshot();

    await writeFile(path, `${serveFile("first")}accessKeys:\n  - name: web\n    configurationId: prod\n`);

    await vi.waitFor(() => expect(lines.at(-1)?.event).toBe("store.reload_failed"), { timeout: 5_000 });
    expect(lines.at(-1)).toEqual({
      level: "warn",
      event: "store.reload_failed",
      fields: {
        file: path,
        issues: [
          `${path}:7:5: error: accessKeys[0]: needs a token (e.g. token: "\${KEYWAY_TOKEN}") or its tokenSha256`,
          `${path}:8:22: error: accessKeys[0].configurationId: unknown configuration "prod"; declare it under configurations`,
        ],
        serving: "the last valid version",
      },
    });
    expect(await store.snapshot()).toBe(first);
    expect(JSON.stringify(lines)).not.toContain(SECRET);

    await writeFile(path, serveFile("fixed"));
    await vi.waitFor(async () => expect(await keyName(store)).toBe("fixed"), { timeout: 5_000 });
  });

  it("rejects the first load of an invalid file with every issue, and tries again on the next call", async () => {
    await writeFile(path, serveFile("first").replace("providerId: openai", "providerId: opnai"));
    const { store } = open({ watch: false });

    const error = await store.snapshot().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServeFileError);
    expect((error as ServeFileError).message).toBe(
      `keyway: ${path} is not valid (1 error):\n${path}:3:17: error: providerKeys[0].providerId: unknown provider "opnai"; did you mean "openai"?`,
    );
    await writeFile(path, serveFile("first"));
    expect(await keyName(store)).toBe("first");
  });

  it("rejects a missing file with its path", async () => {
    const { store } = open({ watch: false });

    await expect(store.snapshot()).rejects.toThrow(`keyway: cannot read ${path}: ENOENT`);
  });

  it("reloads on demand, and not after close()", async () => {
    await writeFile(path, serveFile("first"));
    const { store } = open({ watch: false });
    await store.snapshot();

    await writeFile(path, serveFile("second"));
    expect((await store.reload())?.providerKeys.get("openai-primary")?.name).toBe("second");

    await store.close();
    await writeFile(path, serveFile("third"));
    await store.reload();
    expect(await keyName(store)).toBe("second");
  });

  it("stops watching on close()", async () => {
    await writeFile(path, serveFile("first"));
    const { store, lines } = open();
    await store.snapshot();

    await store.close();
    await writeFile(path, serveFile("second"));
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await keyName(store)).toBe("first");
    expect(lines.map((line) => line.event)).toEqual(["store.loaded"]);
  });
});
