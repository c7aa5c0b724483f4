// A throwaway SQLite database with every migration applied, for tests of lib/ functions against a real
// database. Call before the first query (lib/db.ts creates its client on first use from DATABASE_URL).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export function createTestDatabase(): { url: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-test-db-"));
  const url = `file:${dir}/test.db`;
  execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/db.ts"), "recreate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789abcdef0123456789";
  return { url, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
