import fs from "node:fs/promises";
import path from "node:path";
import { checkTarEntry, DEFAULT_TAR_LIMITS, TarEntryError } from "../../protocol/tar-check";

// A metadata-only walk of the tree a backup archives, run beside `tar -c` (which streams straight into zstd):
// every entry goes through the restore's entry check, so a container holding something a restore would refuse
// (a symlink leaving the root, a block device) fails its backup now, naming the entry; and it counts the
// entries and file bytes for the manifest as tar writes them (one entry per path, sockets skipped, a hard
// link's data once, nothing below another file system's mount point).

export type TreeSummary = { entries: number; bytes: number };

const major = (rdev: number) => Math.floor(rdev / 256) & 0xfff;
const minor = (rdev: number) => (rdev & 0xff) | ((Math.floor(rdev / 4096) & 0xfff00) >>> 0);

export async function scanTree(root: string): Promise<TreeSummary> {
  const top = await fs.lstat(root);
  const symlinks = new Set<string>();
  const seenInodes = new Set<string>();
  const summary: TreeSummary = { entries: 1, bytes: 0 }; // "./"
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = (await fs.readdir(dir)).sort();
    for (const n of names) {
      const abs = path.join(dir, n);
      const name = `${rel}/${n}`;
      const st = await fs.lstat(abs);
      let type: string;
      let linkName = "";
      let size = 0;
      if (st.isSocket()) continue;
      if (st.isDirectory()) type = "5";
      else if (st.isSymbolicLink()) {
        type = "2";
        linkName = await fs.readlink(abs);
      } else if (st.isFile()) {
        const key = `${st.dev}:${st.ino}`;
        if (st.nlink > 1 && seenInodes.has(key)) type = "1";
        else {
          type = "0";
          size = st.size;
          if (st.nlink > 1) seenInodes.add(key);
        }
        // A hard link's target is inside this tree by construction; tar names it, the restore checks it.
        if (type === "1") linkName = "./x";
      } else if (st.isCharacterDevice()) type = "3";
      else if (st.isBlockDevice()) type = "4";
      else if (st.isFIFO()) type = "6";
      else continue;
      checkTarEntry(
        { name, type, size, linkName, devMajor: major(st.rdev), devMinor: minor(st.rdev) },
        symlinks,
        DEFAULT_TAR_LIMITS,
      );
      summary.entries++;
      summary.bytes += size;
      if (type === "5" && st.dev === top.dev) await walk(abs, name);
    }
  };
  await walk(root, ".");
  return summary;
}

export { TarEntryError };
