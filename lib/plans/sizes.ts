// Sizes as admins type them ("512 MiB", "1.5 GiB", "10G") to and from the data model's whole MiB.
// Units are binary, as in vzctl ("10G" is 10 GiB); decimal "MB"/"GB" are refused rather than guessed.

export const MAX_MB = 2 ** 31 - 1; // Int columns are 32-bit in PostgreSQL

const FACTOR_MB: Record<string, number> = { m: 1, mib: 1, g: 1024, gib: 1024, t: 1024 ** 2, tib: 1024 ** 2 };

export type SizeParse = { ok: true; mb: number } | { ok: false; message: string };

/**
 * Parses a size. A bare number is MiB. Fractions are allowed with a unit and rounded to the nearest MiB
 * ("1.5 GiB" is 1536 MiB). Returns a message saying how to write it when it cannot be read.
 */
export function parseSizeMb(text: string): SizeParse {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  const howTo = "Write a size such as 512 MiB, 1.5 GiB or 10G (units MiB, GiB, TiB or M, G, T).";
  if (!m || m[1] === undefined) return { ok: false, message: `"${t}" is not a size. ${howTo}` };
  const unit = (m[2] ?? "").toLowerCase();
  if (unit !== "" && !(unit in FACTOR_MB)) {
    const hint = /^(k|kb|kib)$/.test(unit) ? "Sizes here are at least 1 MiB. " : "";
    return { ok: false, message: `"${m[2]}" is not a unit here. ${hint}${howTo}` };
  }
  if (unit === "" && m[1].includes(".")) {
    return { ok: false, message: `A bare number is whole MiB: write "${t}" with a unit, e.g. ${t} GiB.` };
  }
  const mb = Math.round(Number(m[1]) * (FACTOR_MB[unit] ?? 1));
  if (mb > MAX_MB) return { ok: false, message: `"${t}" is too large: the most is 2047 TiB.` };
  return { ok: true, mb };
}

/** The shortest exact way to write a size for a form field: "1.5 GiB", "10 GiB", "300 MiB". */
export function formatSizeInput(mb: number): string {
  // x / 1024 has at most two decimals exactly when x is a multiple of 256.
  if (mb >= 1024 ** 2 && mb % (256 * 1024) === 0) return `${mb / 1024 ** 2} TiB`;
  if (mb >= 1024 && mb % 256 === 0) return `${mb / 1024} GiB`;
  return `${mb} MiB`;
}
