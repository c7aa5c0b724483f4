import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

// Files the agent edits inside a container (/etc/hostname, /etc/hosts, /etc/resolv.conf) are written from
// the host only while the container is stopped, and never through a symlink the container's root made:
// every component is checked with lstat and the file is opened with O_NOFOLLOW.

async function checkNoSymlinks(rootfs: string, rel: string): Promise<string> {
  const parts = rel.split("/").filter(Boolean);
  let cur = rootfs;
  for (const part of parts.slice(0, -1)) {
    cur = path.join(cur, part);
    const st = await fs.lstat(cur);
    if (!st.isDirectory()) throw new Error(`${rel}: ${part} is not a plain directory inside the container`);
  }
  return path.join(rootfs, ...parts);
}

export async function readInRootfs(rootfs: string, rel: string): Promise<string | null> {
  try {
    const p = await checkNoSymlinks(rootfs, rel);
    const h = await fs.open(p, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await h.readFile("utf8");
    } finally {
      await h.close();
    }
  } catch {
    return null;
  }
}

export async function writeInRootfs(
  rootfs: string,
  rel: string,
  content: string,
  mode = 0o644,
): Promise<void> {
  const p = await checkNoSymlinks(rootfs, rel);
  try {
    const st = await fs.lstat(p);
    if (st.isSymbolicLink()) await fs.unlink(p);
  } catch {
    // absent: created below
  }
  const h = await fs.open(
    p,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    mode,
  );
  try {
    await h.writeFile(content);
  } finally {
    await h.close();
  }
}

export function hostsContent(
  current: string | null,
  hostname: string,
  oldHostname: string | undefined,
  ip: string | undefined,
): string {
  const short = hostname.split(".")[0] ?? hostname;
  const names = new Set(
    [hostname, short, oldHostname, oldHostname?.split(".")[0]].filter(
      (x): x is string => !!x && x !== "localhost",
    ),
  );
  const lines = (current ?? "127.0.0.1\tlocalhost\n").split("\n").filter((l) => l.trim() !== "");
  const kept = lines.filter((l) => {
    const fields = l.trim().split(/\s+/);
    if (fields[0] === "127.0.1.1") return false;
    return !fields.slice(1).some((f) => names.has(f));
  });
  const entry = short === hostname ? hostname : `${hostname} ${short}`;
  kept.push(`${ip ?? "127.0.1.1"}\t${entry}`);
  return `${kept.join("\n")}\n`;
}

export function resolvContent(
  current: string | null,
  nameservers: string[],
  searchdomains: string[],
): string {
  const lines = (current ?? "").split("\n").filter((l) => l.trim() !== "");
  const kept = lines.filter((l) => {
    const w = l.trim().split(/\s+/)[0];
    if (w === "nameserver" && nameservers.length > 0) return false;
    if ((w === "search" || w === "domain") && searchdomains.length > 0) return false;
    return true;
  });
  const out: string[] = [];
  if (searchdomains.length) out.push(`search ${searchdomains.join(" ")}`);
  out.push(...kept);
  for (const ns of nameservers) out.push(`nameserver ${ns}`);
  return out.length ? `${out.join("\n")}\n` : "";
}
