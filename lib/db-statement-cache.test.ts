import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements, type SqliteStatement } from "./db-statement-cache";

// The cache on a real in-memory SQLite database, driven as Prisma's adapter drives it:
// prepare(sql).bind(args) then columns() + raw().all() for a reader, run() for a writer, and
// prepare("BEGIN").run() without arguments.
function open() {
  const database = new Database(":memory:");
  database.defaultSafeIntegers(true);
  database.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  let compiled = 0;
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    compiled++;
    return prepare(sql);
  }) as typeof database.prepare;
  const cache = cacheStatements(database as unknown as { prepare(sql: string): SqliteStatement }, 3);
  const adapter = database as unknown as {
    prepare(sql: string): {
      run(): unknown;
      bind(args: unknown[]): {
        reader: boolean;
        columns(): { name: string }[];
        raw(): { all(): unknown[][] };
        run(): unknown;
      };
    };
  };
  return { database, adapter, cache, compiled: () => compiled };
}

describe("the SQLite statement cache", () => {
  it("compiles a statement once and binds each call's own arguments", () => {
    const { adapter, compiled } = open();
    for (const [id, name] of [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ] as const)
      adapter.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([id, name]).run();
    const select = "SELECT id, name FROM t WHERE id = ?";
    const rows = [2, 1, 3, 9].map((id) => adapter.prepare(select).bind([id]).raw().all());
    expect(rows).toEqual([[[2n, "b"]], [[1n, "a"]], [[3n, "c"]], []]);
    expect(
      adapter
        .prepare(select)
        .bind([1])
        .columns()
        .map((c) => c.name),
    ).toEqual(["id", "name"]);
    expect(compiled()).toBe(2);
  });

  it("runs statements without arguments and keeps transactions working", () => {
    const { adapter } = open();
    adapter.prepare("BEGIN").run();
    adapter.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "x"]).run();
    adapter.prepare("ROLLBACK").bind([]).run();
    adapter.prepare("BEGIN").run();
    adapter.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([2, "y"]).run();
    adapter.prepare("COMMIT").bind([]).run();
    expect(adapter.prepare("SELECT id FROM t").bind([]).raw().all()).toEqual([[2n]]);
  });

  it("keeps at most its bound, dropping the least recently used", () => {
    const { adapter, cache, compiled } = open();
    const q = (n: number) => `SELECT ${n} AS n`;
    for (const n of [1, 2, 3, 1, 4]) adapter.prepare(q(n)).bind([]).raw().all();
    expect(cache.size()).toBe(3);
    expect(compiled()).toBe(4);
    adapter.prepare(q(1)).bind([]).raw().all(); // still kept: used after 2
    expect(compiled()).toBe(4);
    adapter.prepare(q(2)).bind([]).raw().all(); // dropped for 4: compiled again
    expect(compiled()).toBe(5);
  });

  it("reports SQL errors as the statement did", () => {
    const { adapter } = open();
    adapter.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "a"]).run();
    expect(() => adapter.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "b"]).run()).toThrow(
      /UNIQUE constraint failed/,
    );
    expect(() => adapter.prepare("SELECT nope FROM t")).toThrow(/no such column/);
  });
});
