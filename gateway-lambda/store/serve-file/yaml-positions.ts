/** Maps a JSON pointer into a parsed YAML (or JSON) document to the line and column it came from. */
import { type Document, isMap, isPair, isScalar, type LineCounter } from "yaml";
import { pointerLocation } from "../../../contract/json-value";

export interface Position {
  line: number;
  column: number;
}

/**
 * Where the value at `pointer` starts. A missing value (a required field) maps to its nearest
 * existing parent; `atKey` points at the field's name instead of its value (an unknown field).
 */
export function positionOf(
  document: Document,
  lineCounter: LineCounter,
  root: unknown,
  pointer: string,
  atKey: boolean,
): Position {
  const location = pointerLocation(root, pointer);
  for (let length = location.length; length >= 0; length--) {
    const path = location.slice(0, length);
    const offset =
      atKey && length === location.length ? keyOffset(document, path) : valueOffset(document, path);
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

function valueOffset(document: Document, path: (string | number)[]): number | undefined {
  const node: unknown = path.length === 0 ? document.contents : document.getIn(path, true);
  return rangeStart(node);
}

function keyOffset(document: Document, path: (string | number)[]): number | undefined {
  const parent: unknown = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const name = path.at(-1);
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === name);
  return rangeStart(pair?.key);
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}
