/**
 * The `keyway serve` store: the snapshot a YAML (or JSON) file describes (format: serve-file/
 * load-serve-file.ts), reloaded when the file changes. An edit that does not validate is logged with
 * every issue and the last valid version stays in service, so a typo never takes the gateway down.
 */
import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { type Clock, systemClock } from "../clock";
import { type Logger, silentLogger } from "../logger";
import type { GatewaySnapshot, GatewayStore } from "./gateway-store";
import type { Environment } from "./serve-file/env-substitution";
import { loadServeFile } from "./serve-file/load-serve-file";
import { formatServeFileIssue, ServeFileError, type ServeFileIssue } from "./serve-file/serve-file-issue";

export interface FileStoreOptions {
  /** The serve file; issues name it as given here. */
  path: string;
  /** For `${NAME}` references. Default: `process.env`. */
  env?: Environment;
  clock?: Clock;
  logger?: Logger;
  /** Reload when the file changes. Default: true. */
  watch?: boolean;
  /** Quiet time after the last change before reloading (editors write in bursts). Default: 100 ms. */
  debounceMs?: number;
}

export interface FileStore extends GatewayStore {
  /** Reads the file now; resolves to the snapshot served afterwards (the last valid one if the file is not). */
  reload(): Promise<GatewaySnapshot | undefined>;
}

/**
 * @example
 * const store = createFileStore({ path: "keyway.yaml", logger });
 * await store.snapshot(); // rejects with a ServeFileError listing every issue when the file is invalid
 */
export function createFileStore(options: FileStoreOptions): FileStore {
  const { path, clock = systemClock, logger = silentLogger, debounceMs = 100 } = options;
  let current: { snapshot: GatewaySnapshot; text: string } | undefined;
  let first: Promise<GatewaySnapshot> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let watcher: FSWatcher | undefined;
  let cancelPending: (() => void) | undefined;
  let closed = false;

  const read = async () => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`keyway: cannot read ${path}: ${reason}`, { cause: error });
    }
    return { text, result: loadServeFile(text, { path, env: options.env, now: clock.now() }) };
  };

  const loadFirst = async (): Promise<GatewaySnapshot> => {
    if (options.watch !== false) startWatching();
    const { text, result } = await read();
    if (!result.ok) throw new ServeFileError(path, result.issues);
    logWarnings(result.warnings);
    current = { snapshot: result.snapshot, text };
    logger.log("info", "store.loaded", { file: path, ...counts(result.snapshot) });
    return result.snapshot;
  };

  const reloadNow = async (): Promise<GatewaySnapshot | undefined> => {
    if (closed) return current?.snapshot;
    let loaded: Awaited<ReturnType<typeof read>>;
    try {
      loaded = await read();
    } catch (error) {
      // An editor replacing the file can leave it missing for a moment; the next change reloads.
      const reason = error instanceof Error ? error.message : String(error);
      logger.log("warn", "store.reload_failed", { file: path, error: reason, serving: serving() });
      return current?.snapshot;
    }
    const { text, result } = loaded;
    if (text === current?.text) return current.snapshot;
    if (!result.ok) {
      const issues = result.issues.map(formatServeFileIssue);
      logger.log("warn", "store.reload_failed", { file: path, issues, serving: serving() });
      return current?.snapshot;
    }
    logWarnings(result.warnings);
    current = { snapshot: result.snapshot, text };
    logger.log("info", "store.reloaded", { file: path, ...counts(result.snapshot) });
    return result.snapshot;
  };

  const serving = () => (current ? "the last valid version" : "nothing yet");

  const logWarnings = (warnings: readonly ServeFileIssue[]) => {
    if (warnings.length > 0) {
      logger.log("warn", "store.file_warnings", { file: path, warnings: warnings.map(formatServeFileIssue) });
    }
  };

  const reload = (): Promise<GatewaySnapshot | undefined> => {
    // One reload at a time, in order: the last one always reads the file's latest text.
    const next = queue.then(reloadNow);
    queue = next.catch(() => undefined);
    return next;
  };

  const startWatching = () => {
    if (watcher !== undefined) return;
    const file = basename(path);
    // The directory, not the file: editors that save by renaming a new file over the old one would
    // leave a file watcher on the deleted inode.
    watcher = watch(dirname(resolve(path)), { persistent: false }, (_, changed) => {
      if (changed !== null && changed !== file) return;
      cancelPending?.();
      cancelPending = clock.setTimer(debounceMs, () => {
        cancelPending = undefined;
        void reload();
      });
    });
    watcher.on("error", (error) =>
      logger.log("error", "store.watch_failed", { file: path, error: String(error) }),
    );
  };

  return {
    snapshot() {
      if (current !== undefined) return Promise.resolve(current.snapshot);
      first ??= loadFirst().catch((error: unknown) => {
        first = undefined; // the next call tries again
        throw error;
      });
      return first;
    },
    reload,
    async close() {
      closed = true;
      watcher?.close();
      cancelPending?.();
      await queue;
    },
  };
}

function counts(snapshot: GatewaySnapshot) {
  return {
    providerKeys: snapshot.providerKeys.size,
    configurations: snapshot.configurations.size,
    accessKeys: snapshot.accessKeysByTokenHash.size,
  };
}
