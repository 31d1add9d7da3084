import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBatchedWriter, createJsonLogger } from "../../../gateway-lambda/logger";

describe("createJsonLogger", () => {
  it("writes one JSON object per line, with time, level and event first", () => {
    const lines: string[] = [];
    const logger = createJsonLogger((line) => lines.push(line));

    logger.log("info", "request", { requestId: "rq_1", status: 200 });

    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(Object.keys(JSON.parse(lines[0] as string))).toEqual([
      "time",
      "level",
      "event",
      "requestId",
      "status",
    ]);
  });
});

describe("createBatchedWriter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the lines of 10 ms in one write, after them", () => {
    const writes: string[] = [];
    const out = createBatchedWriter((text) => writes.push(text));
    const logger = createJsonLogger(out.write);

    logger.log("info", "request", { requestId: "rq_1" });
    vi.advanceTimersByTime(5);
    logger.log("info", "request", { requestId: "rq_2" });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(5);

    expect(writes).toHaveLength(1);
    const lines = (writes[0] as string).split("\n");
    expect(lines.map((line) => (line ? JSON.parse(line).requestId : line))).toEqual(["rq_1", "rq_2", ""]);
  });

  it("writes at once when 64 KiB are queued, and on flush", () => {
    const writes: string[] = [];
    const out = createBatchedWriter((text) => writes.push(text));

    out.write("x".repeat(64 * 1024));
    expect(writes).toHaveLength(1);
    out.write("tail\n");
    out.flush();
    expect(writes).toEqual(["x".repeat(64 * 1024), "tail\n"]);
    vi.advanceTimersByTime(100);

    expect(writes).toHaveLength(2);
  });
});
