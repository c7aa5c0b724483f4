// Database command for Berth, offline on machines where the Prisma CLI cannot download its schema engine.
//
//   tsx scripts/db.ts generate        prisma generate for the provider DATABASE_URL names
//   tsx scripts/db.ts migrate         create the database if missing, apply pending migrations
//   tsx scripts/db.ts diff <name>     write a new migration folder for SQLite and PostgreSQL from models.prisma
//   tsx scripts/db.ts check           fail if models.prisma has changes no migration covers (both providers)
//   tsx scripts/db.ts recreate        drop and create the database empty, then migrate (tests only)
//   tsx scripts/db.ts drop            drop the database (tests only)
//
// Migrations stay in Prisma's folder format (prisma/<provider>/migrations/<timestamp>_<name>/migration.sql,
// migration_lock.toml, the _prisma_migrations table), applied by Prisma's own schema engine compiled to
// WebAssembly (@prisma/schema-engine-wasm) through the same driver adapter the panel uses.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { type DbProvider, DEFAULT_DATABASE_URL, getDbProvider, getSqlitePath } from "../lib/db-url";

const root = path.resolve(import.meta.dirname, "..");
// models.prisma as the newest migration folders cover it; `diff` updates it with each new migration.
const snapshotPath = path.join(root, "prisma", "models.migrated.prisma");
const require = createRequire(import.meta.url);

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string }>;
  free(): void;
};

const noFilter = { externalTables: [], externalEnums: [] };
let isWasmReady = false;

async function loadWasm(): Promise<void> {
  if (isWasmReady) return;
  const wasmFile = path.join(
    path.dirname(require.resolve("@prisma/schema-engine-wasm")),
    "schema_engine_bg.wasm",
  );
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {
    "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
  });
  // The package's own entry imports the .wasm as an ES module (bundler style), which Node cannot load;
  // this is the same wiring done by hand.
  const bindings = engineBindings as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void };
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  isWasmReady = true;
}

function schemaFiles(provider: DbProvider): { path: string; content: string }[] {
  const dir = path.join(root, "prisma", provider);
  return ["schema.prisma", "models.prisma"].map((f) => ({
    path: path.join(dir, f),
    content: readFileSync(path.join(dir, f), "utf8"),
  }));
}

function adapterFor(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (url === "file::memory:") return new PrismaBetterSqlite3({ url: ":memory:" });
  if (getDbProvider(url) === "sqlite") return new PrismaBetterSqlite3({ url: getSqlitePath(url, root) });
  return new PrismaPg({ connectionString: url });
}

async function openEngine(url: string): Promise<Engine> {
  await loadWasm();
  const files = schemaFiles(getDbProvider(url));
  const SchemaEngine = (
    engineBindings as unknown as { SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } }
  ).SchemaEngine;
  const log = (line: string) => {
    if (process.env.BERTH_DB_DEBUG) console.error(line);
  };
  return SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFor(url)),
  );
}

function migrationList(provider: DbProvider) {
  const baseDir = path.join(root, "prisma", provider, "migrations");
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Admin connection to the server's maintenance database, for CREATE/DROP DATABASE. */
function pgAdminClient(url: string): { client: pg.Client; dbName: string } {
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(dbName)) {
    throw new Error(`database name "${dbName}" must be letters, digits and _ (used in CREATE DATABASE)`);
  }
  u.pathname = "/postgres";
  return { client: new pg.Client({ connectionString: u.toString() }), dbName };
}

async function ensureDatabase(url: string, isFresh: boolean): Promise<void> {
  if (getDbProvider(url) === "sqlite") {
    const file = getSqlitePath(url, root);
    mkdirSync(path.dirname(file), { recursive: true });
    if (isFresh)
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
    return;
  }
  const { client, dbName } = pgAdminClient(url);
  await client.connect();
  try {
    if (isFresh) await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await client.end();
  }
}

async function migrate(url: string): Promise<string[]> {
  const engine = await openEngine(url);
  try {
    const out = await engine.applyMigrations({
      migrationsList: migrationList(getDbProvider(url)),
      filters: noFilter,
    });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that takes a database from what the migration folders make to what models.prisma describes.
 * Diffs two datamodels (the snapshot saved with the last migration, and the current file) inside the engine,
 * so no database is needed. (Introspecting PostgreSQL through the WebAssembly engine and adapter-pg fails on
 * the catalog's "char" columns here, so "diff from the live database" is not an option.)
 */
async function pendingSql(provider: DbProvider): Promise<string> {
  await loadWasm();
  const current = schemaFiles(provider);
  const datasource = current[0] as { path: string; content: string };
  const hasSnapshot = existsSync(snapshotPath);
  // The engine wants a live adapter even for a datamodel-to-datamodel diff; nothing is written through it.
  const engine = await openEngine(
    provider === "sqlite"
      ? "file::memory:"
      : (process.env.BERTH_PG_ADMIN_URL ?? "postgresql://berth:berth@127.0.0.1:5432/postgres"),
  );
  try {
    const res = await engine.diff({
      from: hasSnapshot
        ? {
            tag: "schemaDatamodel",
            files: [datasource, { path: snapshotPath, content: readFileSync(snapshotPath, "utf8") }],
          }
        : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: current },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return res.stdout.replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  } finally {
    engine.free();
  }
}

function writeLockfile(provider: DbProvider): void {
  const dir = path.join(root, "prisma", provider, "migrations");
  mkdirSync(dir, { recursive: true });
  const lockProvider = provider === "sqlite" ? "sqlite" : "postgresql";
  writeFileSync(
    path.join(dir, "migration_lock.toml"),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${lockProvider}"\n`,
  );
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const provider = getDbProvider(url);
  switch (command) {
    case "generate": {
      // `prisma generate` never calls the schema engine; pointing it at /bin/false stops the download attempt.
      execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], {
        cwd: root,
        stdio: ["ignore", "inherit", "inherit"],
        env: {
          ...process.env,
          DATABASE_URL: url,
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
      });
      writeFileSync(path.join(root, "lib/generated/prisma/PROVIDER"), `${provider}\n`);
      return;
    }
    case "migrate":
    case "recreate": {
      await ensureDatabase(url, command === "recreate");
      const applied = await migrate(url);
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
          : "Database is up to date.",
      );
      return;
    }
    case "drop": {
      if (provider === "sqlite") {
        const file = getSqlitePath(url, root);
        for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
      } else {
        const { client, dbName } = pgAdminClient(url);
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        await client.end();
      }
      return;
    }
    case "diff": {
      if (!arg || !/^[a-z0-9_]+$/.test(arg)) throw new Error("usage: db.ts diff <name_in_snake_case>");
      const stamp = timestamp();
      for (const p of ["sqlite", "postgres"] as const) {
        writeLockfile(p);
        const sql = await pendingSql(p);
        if (sql === "") {
          console.log(`${p}: no changes`);
          continue;
        }
        const dir = path.join(root, "prisma", p, "migrations", `${stamp}_${arg}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
        console.log(`${p}: wrote ${path.relative(root, dir)}/migration.sql`);
      }
      writeFileSync(snapshotPath, readFileSync(path.join(root, "prisma", "models.prisma"), "utf8"));
      return;
    }
    case "check": {
      let isStale = false;
      for (const p of process.env.BERTH_DB_CHECK_ONLY ? [provider] : (["sqlite", "postgres"] as const)) {
        const sql = await pendingSql(p);
        if (sql !== "") {
          isStale = true;
          console.error(`${p}: prisma/models.prisma has changes no migration covers:\n${sql}`);
        } else console.log(`${p}: migrations match prisma/models.prisma`);
      }
      if (isStale) throw new Error("run `npm run db:diff -- <name>` and commit the new migration folders");
      return;
    }
    default:
      throw new Error("usage: db.ts generate | migrate | diff <name> | check | recreate | drop");
  }
}

main().catch((err: unknown) => {
  console.error(`db: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
