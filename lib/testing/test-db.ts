// A throwaway database with every migration applied, for tests of lib/ functions against a real database.
// SQLite by default; PostgreSQL when BERTH_TEST_PG_URL names a server (scripts/test-all runs the suite
// both ways; the Prisma client must have been generated for that provider). Call before the first query:
// lib/db.ts creates its client on first use from DATABASE_URL.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

// Runs scripts/db.ts, up to `tries` times: a PostgreSQL server busy with the other suites' connections has
// refused one now and then. The last failure's own output is in the error.
function runDb(command: string, url: string, tries = 3): void {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/db.ts"), command], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
        stdio: ["ignore", "pipe", "pipe"],
      });
      return;
    } catch (e) {
      if (attempt < tries) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
        continue;
      }
      const err = e as { stderr?: Buffer; stdout?: Buffer; status?: number | null };
      const output = `${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`.trim();
      throw new Error(`db.ts ${command} failed ${tries} times (exit ${err.status ?? "?"}): ${output}`);
    }
  }
}

export function createTestDatabase(): { url: string; cleanup: () => void } {
  process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789abcdef0123456789";
  const pgServer = process.env.BERTH_TEST_PG_URL;
  if (pgServer) {
    const u = new URL(pgServer);
    u.pathname = `/berth_unit_${randomBytes(6).toString("hex")}`;
    const url = u.toString();
    runDb("recreate", url);
    process.env.DATABASE_URL = url;
    return { url, cleanup: () => runDb("drop", url) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "berth-test-db-"));
  const url = `file:${dir}/test.db`;
  runDb("recreate", url);
  process.env.DATABASE_URL = url;
  return { url, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
