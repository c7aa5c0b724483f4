import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

// The panel's template store: <BERTH_DATA_DIR>/templates/<name>.<random>.<format>. Files arrive in
// ./.partial/ (same file system, so the final rename is atomic) and only a checked, complete file is
// renamed into the store; a catalogue row's storedPath is the file name relative to the store.

export function getTemplateStoreDir(): string {
  return path.resolve(process.env.BERTH_DATA_DIR || ".berth", "templates");
}

/** A partial file untouched this long belongs to an upload or download cut off by a panel restart. */
const ABANDONED_PARTIAL_MS = 24 * 3600 * 1000;

/** A fresh path for an incoming file; the caller deletes it on every failure. */
export async function newPartialTemplatePath(): Promise<string> {
  const dir = path.join(getTemplateStoreDir(), ".partial");
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Sweep what a killed panel left behind (no caller can still be writing a day-old file).
  for (const f of await fs.readdir(dir)) {
    const st = await fs.stat(path.join(dir, f)).catch(() => null);
    if (st && Date.now() - st.mtimeMs > ABANDONED_PARTIAL_MS) await fs.rm(path.join(dir, f), { force: true });
  }
  return path.join(dir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
}

/** Moves a checked partial file into the store; returns the storedPath to record. */
export async function commitTemplateFile(partial: string, name: string, format: string): Promise<string> {
  // A random part keeps two uploads of one name (one of which the database will refuse) from colliding.
  const storedPath = `${name}.${randomBytes(4).toString("hex")}.${format}`;
  await fs.chmod(partial, 0o644);
  await fs.rename(partial, path.join(getTemplateStoreDir(), storedPath));
  return storedPath;
}

/** The absolute file of a storedPath, or null for anything that is not a plain name inside the store. */
export function resolveStoredTemplate(storedPath: string | null): string | null {
  if (!storedPath || storedPath.includes("/") || storedPath.includes("\\") || storedPath.startsWith("."))
    return null;
  return path.join(getTemplateStoreDir(), storedPath);
}
