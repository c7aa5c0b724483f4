import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { AgentError } from "../errors";
import { formatBytes } from "./format";
import { RSYNC_CLIENT_FLAGS } from "./rsync-args";

// One rsync pass from the source's mounted container root to the destination. rsync's remote shell is
// `berth-agent migrate-pipe` (see transport.ts); which migration it serves comes from a 0600 session file
// named in the environment, so no secret is ever on a command line.

export type PassResult = { sentBytes: number; fileBytes: number; ms: number };

/** The berth-agent entry point, next to this file's tree both as sources (src/migration) and bundled (dist). */
export function agentBin(): string {
  if (process.env.BERTH_AGENT_BIN) return process.env.BERTH_AGENT_BIN;
  for (const up of ["..", path.join("..", "..")]) {
    const p = path.resolve(import.meta.dirname, up, "bin", "berth-agent.mjs");
    if (existsSync(p)) return p;
  }
  throw new AgentError("SYSTEM_ERROR", "cannot find agent/bin/berth-agent.mjs (set BERTH_AGENT_BIN)");
}

let pipeCommand: Promise<string[]> | undefined;

/**
 * rsync's remote shell. One starts per pass, the last one inside the downtime, so it is a small bundle of
 * pipe.ts (no zod: tens of ms to start) built once per agent process with esbuild next to the agent's own
 * bundle; where that cannot be built, `berth-agent migrate-pipe` does the same more slowly.
 */
export function remoteShell(): Promise<string[]> {
  pipeCommand ??= (async () => {
    const bin = agentBin();
    const agentDir = path.resolve(path.dirname(bin), "..");
    const out = path.join(agentDir, "dist", "migrate-pipe.mjs");
    const tmp = `${out}.${process.pid}.tmp.mjs`;
    try {
      const { build } = await import("esbuild");
      await fs.mkdir(path.dirname(out), { recursive: true });
      await build({
        entryPoints: [path.join(agentDir, "src", "migration", "pipe-main.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        outfile: tmp,
        logLevel: "error",
      });
      await fs.rename(tmp, out);
      return [process.execPath, out];
    } catch {
      await fs.rm(tmp, { force: true });
      return [process.execPath, bin, "migrate-pipe"];
    }
  })();
  return pipeCommand;
}

function num(s: string | undefined): number {
  // Integers only, with rsync's digit grouping ("1,048,576").
  return Number((s ?? "0").replace(/[,.]/g, "")) || 0;
}

export function parseStats(out: string): { sentBytes: number; fileBytes: number } {
  return {
    sentBytes: num(/^Total bytes sent:\s*([\d,.]+)/m.exec(out)?.[1]),
    fileBytes: num(/^Total transferred file size:\s*([\d,.]+)/m.exec(out)?.[1]),
  };
}

export async function rsyncPass(o: {
  src: string;
  sessionFile: string;
  target: "root" | "dump";
  label: string;
  log: (line: string) => void;
  /** Called with bytes of file data done so far in this pass (from --info=progress2). */
  onProgress?: (bytes: number) => void;
}): Promise<PassResult> {
  const rsh = await remoteShell();
  // rsync splits -e on whitespace: a path with a space would run something else.
  if (rsh.some((w) => /\s/.test(w)))
    throw new AgentError(
      "SYSTEM_ERROR",
      `paths with spaces cannot be used as rsync's remote shell: ${rsh.join(" ")}`,
    );
  const args = [
    ...RSYNC_CLIENT_FLAGS,
    "--info=progress2",
    "-e",
    rsh.join(" "),
    `${o.src}/`,
    "berth-destination:.",
  ];
  const t0 = performance.now();
  const child = spawn("rsync", args, {
    env: { ...process.env, BERTH_MIGRATION_SESSION: o.sessionFile, BERTH_MIGRATION_TARGET: o.target },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let lastLog = 0;
  let pending = "";
  child.stdout.on("data", (c: Buffer) => {
    const text = c.toString();
    if (out.length < 64 * 1024) out += text;
    pending += text;
    const parts = pending.split(/[\r\n]/);
    pending = parts.pop() ?? "";
    for (const p of parts) {
      const m = /^\s*([\d,.]+)\s+(\d+)%/.exec(p);
      if (!m) continue;
      const bytes = num(m[1]);
      o.onProgress?.(bytes);
      const now = performance.now();
      if (now - lastLog > 2000) {
        lastLog = now;
        o.log(`Copying (${o.label}): ${formatBytes(bytes)} (${m[2]}%)`);
      }
    }
  });
  child.stderr.on("data", (c: Buffer) => {
    if (err.length < 8000) err += c.toString();
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  const ms = Math.round(performance.now() - t0);
  // 24: files vanished while copying, normal for a pass over a running container.
  if (code !== 0 && code !== 24) {
    const why = err.trim().split("\n").filter(Boolean).slice(-2).join("; ");
    throw new AgentError(
      "SYSTEM_ERROR",
      `Copy (${o.label}) failed (rsync exit ${code}): ${why || "no message"}`,
    );
  }
  const stats = parseStats(out);
  o.log(
    `Copied (${o.label}): ${formatBytes(stats.fileBytes)} of file data, ${formatBytes(stats.sentBytes)} sent, in ${(ms / 1000).toFixed(2)} s`,
  );
  return { ...stats, ms };
}
