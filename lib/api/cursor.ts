import { z } from "zod";
import { AppError } from "../errors/app-error";

// List endpoints page by an opaque cursor: the id of the last row seen, encoded so clients do not build
// it themselves. Rows are ordered by id, which never changes, so a page is stable while rows are added.

export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page."),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Rows per page, 1 to 200."),
});

export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string" && parsed.after.length <= 64) return parsed.after;
  } catch {
    // fall through
  }
  throw new AppError("VALIDATION", "This cursor is not valid; pass the nextCursor of the previous page.", {
    field: "cursor",
  });
}

/** Cuts the extra row a query fetched (take: limit + 1) into the page and its next cursor. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page."),
  });
}
