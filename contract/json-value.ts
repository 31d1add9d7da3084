/** Small helpers for walking an unvalidated JSON value. */
import type { Location } from "./configuration-issue";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `location`, or undefined when the path does not exist. */
export function valueAt(root: unknown, location: Location): unknown {
  let current = root;
  for (const segment of location) {
    if (typeof segment === "number" ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Turns a JSON pointer into a location, numbering the segments that index arrays in `root`. */
export function pointerLocation(root: unknown, pointer: string): (string | number)[] {
  const location: (string | number)[] = [];
  if (pointer === "") return location;
  let current = root;
  for (const raw of pointer.slice(1).split("/")) {
    const name = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const segment = Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(name) ? Number(name) : name;
    location.push(segment);
    current = valueAt(current, [segment]);
  }
  return location;
}

/** Every pointer in `root`, numbered in document order (parents before children, in key order). */
export function documentOrder(root: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const seen = new Set<unknown>();
  const visit = (value: unknown, pointer: string): void => {
    order.set(pointer, order.size);
    if (seen.has(value)) return; // a cycle: only possible for values built in code, never for parsed JSON
    if (typeof value === "object") seen.add(value);
    const entries = Array.isArray(value) ? value.entries() : isRecord(value) ? Object.entries(value) : [];
    for (const [key, child] of entries) {
      visit(child, `${pointer}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`);
    }
  };
  visit(root, "");
  return order;
}
