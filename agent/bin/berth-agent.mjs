#!/usr/bin/env node
// Entry point of berth-agent; also runs as vzctl, vzlist or vzsplit when symlinked under those names.
// The TypeScript sources are bundled once into agent/dist/main.mjs with esbuild (about 20 ms) and rebuilt
// whenever a source is newer, so a vzctl call starts in tens of milliseconds instead of loading tsx.
// If the bundle cannot be written (read-only install), the sources run through tsx instead.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const agentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(agentDir, "dist", "main.mjs");

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
        newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(agentDir, "src"));
  walk(path.join(agentDir, "protocol"));
  return newest;
}

async function loadMain() {
  try {
    let fresh = false;
    try {
      fresh = statSync(bundle).mtimeMs >= newestSource();
    } catch {
      fresh = false;
    }
    if (!fresh) {
      const { build } = await import("esbuild");
      mkdirSync(path.dirname(bundle), { recursive: true });
      // Built beside and renamed into place, so a concurrent invocation never loads a half-written file.
      const tmp = `${bundle}.${process.pid}.tmp.mjs`;
      try {
        await build({
          entryPoints: [path.join(agentDir, "src", "cli", "main.ts")],
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          packages: "external",
          outfile: tmp,
          logLevel: "error",
        });
        renameSync(tmp, bundle);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    return (await import(pathToFileURL(bundle).href)).main;
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    return (await import("../src/cli/main.ts")).main;
  }
}

const main = await loadMain();
process.exitCode = await main(process.argv);
