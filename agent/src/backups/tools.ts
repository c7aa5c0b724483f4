import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import type { Readable } from "node:stream";
import { run, runOk } from "../run";

// Programs the backup code streams through (tar, zstd, rsync), run with argument arrays, never a shell.

export type Tool = { child: ChildProcess; exited: Promise<{ code: number; stderr: string }> };

export function startTool(
  file: string,
  args: string[],
  stdin: "pipe" | "ignore" | number | Readable,
  stdout: "pipe" | "ignore" | number,
): Tool {
  const child = spawn(file, args, { stdio: [stdin, stdout, "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += d.toString();
  });
  const exited = new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    child.on("error", (err) =>
      reject((err as NodeJS.ErrnoException).code === "ENOENT" ? new Error(`${file}: not installed`) : err),
    );
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
  return { child, exited };
}

export function lastLines(text: string, n = 2): string {
  return text.trim().split("\n").slice(-n).join("; ");
}

/** Loop-mounts a container's disk image (autoclear: the umount also frees the loop device). */
export async function mountImage(image: string, dir: string, readOnly: boolean): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await runOk("mount", ["-t", "ext4", "-o", readOnly ? "loop,ro,nodev" : "loop,nodev", "--", image, dir]);
}

export async function umountDir(dir: string): Promise<void> {
  const r = await run("umount", ["--", dir]);
  if (r.code !== 0) await run("umount", ["-l", "--", dir]);
}

export async function isMountPoint(dir: string): Promise<boolean> {
  const text = await fs.readFile("/proc/self/mountinfo", "utf8");
  return text.split("\n").some((l) => l.split(" ")[4]?.replace(/\\040/g, " ") === dir);
}

/** Images made for restores are made the way `create` makes them (see LxcDriver.create). */
export async function makeImage(image: string, ctid: number, bytes: number, inodes: number): Promise<void> {
  await fs.writeFile(image, "", { mode: 0o600, flag: "wx" });
  await fs.truncate(image, bytes);
  const args = ["-q", "-F", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", "-L", `ct${ctid}`];
  if (inodes > 0) args.push("-N", String(Math.min(inodes, Math.floor(bytes / 4096))));
  await runOk("mkfs.ext4", [...args, "--", image]);
}
