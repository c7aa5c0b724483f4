// Prisma's error classes differ between generated clients; match by the stable error code instead.

/** A unique constraint refused the write (P2002): the database enforced uniqueness the code relies on. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
