// Which database a DATABASE_URL names. Pure: used by lib/db.ts, prisma.config.ts and scripts/db.ts.

export type DbProvider = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./.berth/berth.db";

export function getDbProvider(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** The SQLite file path of a `file:` URL, relative paths taken from `cwd`. */
export function getSqlitePath(url: string, cwd: string = process.cwd()): string {
  const raw = url.slice("file:".length).split("?")[0] ?? "";
  if (raw === "") throw new Error('DATABASE_URL "file:" names no file; use e.g. file:./.berth/berth.db');
  if (raw.startsWith("/")) return raw;
  return `${cwd.replace(/\/$/, "")}/${raw.replace(/^\.\//, "")}`;
}
