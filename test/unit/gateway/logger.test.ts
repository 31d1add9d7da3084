import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
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
  it("writes the lines of one event-loop turn in one write, after the turn", async () => {
    const writes: string[] = [];
    const out = createBatchedWriter((text) => writes.push(text));
    const logger = createJsonLogger(out.write);

    logger.log("info", "request", { requestId: "rq_1" });
    logger.log("info", "request", { requestId: "rq_2" });
    expect(writes).toEqual([]);
    await nextTurn();

    expect(writes).toHaveLength(1);
    const lines = (writes[0] as string).split("\n");
    expect(lines.map((line) => (line ? JSON.parse(line).requestId : line))).toEqual(["rq_1", "rq_2", ""]);
  });

  it("writes at once when a turn has queued 64 KiB, and on flush", async () => {
    const writes: string[] = [];
    const out = createBatchedWriter((text) => writes.push(text));

    out.write("x".repeat(64 * 1024));
    expect(writes).toHaveLength(1);
    out.write("tail\n");
    out.flush();
    expect(writes).toEqual(["x".repeat(64 * 1024), "tail\n"]);
    await nextTurn();

    expect(writes).toHaveLength(2);
  });
});
