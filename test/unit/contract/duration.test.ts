import { expect, it } from "vitest";
import { parseDurationMs } from "../../../contract/duration";

it.each([
  ["1500ms", 1500],
  ["60s", 60_000],
  ["2m", 120_000],
  ["0s", 0],
])("reads %s as %i milliseconds", (text, milliseconds) => {
  expect(parseDurationMs(text)).toBe(milliseconds);
});

it.each(["2h", "1.5s", "60", "s", " 60s", "-1s"])("does not read %j as a duration", (text) => {
  expect(parseDurationMs(text)).toBeUndefined();
});
