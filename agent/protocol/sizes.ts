// vzctl's value syntax: "N", "N[KMGTP]" (binary units), "barrier:limit", "unlimited".
// Values are kept as JS numbers; "unlimited" (LONG_MAX in vzctl) is Infinity, exact up to 2^53.

export const LONG_MAX_TEXT = "9223372036854775807";
export const PAGE_SIZE = 4096;

export type BarrierLimit = { barrier: number; limit: number };

const UNIT: Record<string, number> = {
  "": 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
  P: 1024 ** 5,
};

export class SizeSyntaxError extends Error {}

/**
 * Parses one value. `unitBytes` is what one unit of the plain number means for this parameter
 * (4096 for pages, 1024 for DISKSPACE's 1K blocks, 1 for counts): a suffixed value is bytes converted to it.
 */
export function parseValue(text: string, unitBytes: number): number {
  const t = text.trim();
  if (t === "unlimited" || t === LONG_MAX_TEXT) return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i.exec(t);
  if (!m || m[1] === undefined) throw new SizeSyntaxError(`invalid value: ${JSON.stringify(text)}`);
  const suffix = (m[2] ?? "").toUpperCase();
  const n = Number(m[1]);
  if (suffix === "") {
    if (!Number.isInteger(n)) throw new SizeSyntaxError(`invalid value: ${JSON.stringify(text)}`);
    return n >= 2 ** 53 ? Number.POSITIVE_INFINITY : n;
  }
  if (unitBytes <= 1) throw new SizeSyntaxError(`a size suffix makes no sense here: ${JSON.stringify(text)}`);
  const bytes = n * (UNIT[suffix] ?? 1);
  return Math.ceil(bytes / unitBytes);
}

/** "b:l" or "v" (barrier = limit = v, as vzctl does for a single value). */
export function parseBarrierLimit(text: string, unitBytes: number): BarrierLimit {
  const parts = text.split(":");
  if (parts.length > 2 || parts[0] === undefined)
    throw new SizeSyntaxError(`invalid barrier:limit: ${JSON.stringify(text)}`);
  const barrier = parseValue(parts[0], unitBytes);
  const limit = parts[1] === undefined ? barrier : parseValue(parts[1], unitBytes);
  if (limit < barrier) throw new SizeSyntaxError(`limit is lower than barrier in ${JSON.stringify(text)}`);
  return { barrier, limit };
}

export function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v)) : LONG_MAX_TEXT;
}

export function formatBarrierLimit(bl: BarrierLimit): string {
  return `${formatValue(bl.barrier)}:${formatValue(bl.limit)}`;
}

/** For messages: 10485760 (1K blocks) → "10G". */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "unlimited";
  for (const [s, f] of [
    ["T", 1024 ** 4],
    ["G", 1024 ** 3],
    ["M", 1024 ** 2],
    ["K", 1024],
  ] as const) {
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${s}`;
  }
  return `${bytes}`;
}
