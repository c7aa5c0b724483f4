// Prepared statements kept per SQLite connection. Prisma's better-sqlite3 adapter calls
// `client.prepare(sql).bind(args)` for every query, so SQLite compiles the same few hundred statements
// again on each request (a tenth of the panel's CPU under API load, bench/panel-api-load). This keeps the
// compiled statements by their SQL and hands the adapter a one-use view of one, bound to that call's
// arguments. Pure apart from the statements it is given, so its test drives it with a real in-memory
// database.

/** The part of a better-sqlite3 statement the adapter uses. */
export type SqliteStatement = {
  readonly reader: boolean;
  columns(): { name: string; type: string | null }[];
  raw(toggle?: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
};

/** What `prepare` returns to the adapter: the statement, to be bound once or run without arguments. */
export type CachedStatementView = {
  readonly reader: boolean;
  bind(args: unknown[]): BoundStatementView;
  run(): unknown;
};

export type BoundStatementView = {
  readonly reader: boolean;
  columns(): { name: string; type: string | null }[];
  raw(): { all(): unknown[] };
  run(): unknown;
};

/**
 * Replaces `database.prepare` with one that reuses compiled statements (least recently used first out,
 * beyond `max`). Each call still gets its own arguments: better-sqlite3 binds a statement for good with
 * `bind`, so the view passes them on each run instead.
 */
export function cacheStatements(
  database: { prepare(sql: string): SqliteStatement },
  max = 500,
): { size(): number } {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SqliteStatement>();
  const get = (sql: string): SqliteStatement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql);
      cache.set(sql, stmt);
      return stmt;
    }
    stmt = prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return stmt;
  };
  (database as { prepare: (sql: string) => unknown }).prepare = (sql: string): CachedStatementView => {
    // A transaction takes the write lock when it begins. The API threads (lib/api/api-threads.ts) each have
    // a connection of their own: a deferred transaction that read and then writes after another connection
    // wrote fails with SQLITE_BUSY at once, where an immediate one waits its turn (busy timeout).
    const stmt = get(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return {
      reader: stmt.reader,
      run: () => stmt.run(),
      bind: (args: unknown[]) => ({
        reader: stmt.reader,
        columns: () => stmt.columns(),
        // raw mode stays on for a reader statement: the adapter reads every result as rows of values.
        raw: () => ({ all: () => stmt.raw(true).all(args) }),
        run: () => stmt.run(args),
      }),
    };
  };
  return { size: () => cache.size };
}
