import path from "node:path/posix";
import { Writable } from "node:stream";

// The panel's own check of a template tarball (ustar, pax and GNU long names), run on every upload and
// download before the file becomes a catalogue entry. A template is a container's whole root file system:
// every entry must stay inside that root when the agent extracts it. The agent checks again on its side.

export type TarLimits = { maxTotalBytes: number; maxEntries: number; maxPathLength: number };

export const TEMPLATE_TAR_LIMITS: TarLimits = {
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxPathLength: 4096,
};

/** The character devices a rootfs may carry (null, zero, full, random, urandom, tty, console, ptmx). */
const BASIC_CHAR_DEVICES = new Set(["1:3", "1:5", "1:7", "1:8", "1:9", "5:0", "5:1", "5:2"]);

/** pax keys whose meaning is understood here; anything else (GNU.sparse.*, ...) could change what tar writes. */
const KNOWN_PAX_KEYS = new Set([
  "path",
  "linkpath",
  "size",
  "mtime",
  "atime",
  "ctime",
  "uid",
  "gid",
  "uname",
  "gname",
  "comment",
  "charset",
  "hdrcharset",
]);
const KNOWN_PAX_PREFIXES = ["SCHILY.xattr.", "LIBARCHIVE.xattr.", "SCHILY.acl."];

export class TarEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`entry "${entry}": ${reason}`);
    this.name = "TarEntryError";
  }
}

/** The archive is not a readable tar at all (bad checksum, truncated): no entry to name. */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarFormatError";
  }
}

export type TarEntryHeader = {
  name: string;
  /** The ustar type flag: "0" file, "1" hard link, "2" symlink, "3" char device, "4" block device, "5" dir, ... */
  type: string;
  size: number;
  linkName: string;
  devMajor: number;
  devMinor: number;
};

export type TarSummary = { entries: number; totalBytes: number };

/** Path components of a member name, "." and empty parts dropped (tar treats "./a//b" as "a/b"). */
function components(p: string): string[] {
  return p.split("/").filter((c) => c !== "" && c !== ".");
}

/** True when walking the components ever goes above the directory they start from. */
function climbsOut(parts: string[]): boolean {
  let depth = 0;
  for (const c of parts) {
    depth += c === ".." ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * Checks one entry against the rules; `symlinks` holds the archive's symlinks seen so far and is updated.
 * Throws TarEntryError naming the entry. Pure apart from `symlinks`, so it is tested without tarballs too.
 */
export function checkTarEntry(
  entry: TarEntryHeader,
  symlinks: Set<string>,
  limits: TarLimits = TEMPLATE_TAR_LIMITS,
): void {
  const raw = entry.name;
  if (raw.length > limits.maxPathLength) throw new TarEntryError(raw.slice(0, 100), "path too long");
  if (raw.includes("\0")) throw new TarEntryError(raw, "NUL character in the path");
  if (raw.startsWith("/")) throw new TarEntryError(raw, "absolute path");
  const parts = components(raw);
  if (parts.includes("..")) throw new TarEntryError(raw, "'..' in the path");
  const name = parts.join("/");
  // Writing below a symlink the archive planted earlier is the classic tar slip: refuse it.
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (symlinks.has(prefix)) throw new TarEntryError(raw, `path goes through the symlink ${prefix}`);
  }
  switch (entry.type) {
    case "0":
    case "\0":
    case "7":
    case "5":
    case "6":
      break;
    case "1": {
      const target = entry.linkName;
      if (target === "" || target.includes("\0")) throw new TarEntryError(raw, "empty hard link target");
      if (target.startsWith("/")) throw new TarEntryError(raw, `hard link to the absolute path ${target}`);
      const tparts = components(target);
      if (tparts.length === 0 || tparts.includes(".."))
        throw new TarEntryError(raw, `hard link target ${target} leaves the root`);
      for (let i = 1; i <= tparts.length; i++) {
        const prefix = tparts.slice(0, i).join("/");
        if (symlinks.has(prefix))
          throw new TarEntryError(raw, `hard link target goes through the symlink ${prefix}`);
      }
      break;
    }
    case "2": {
      const target = entry.linkName;
      if (target === "" || target.includes("\0")) throw new TarEntryError(raw, "empty symlink target");
      // An absolute target resolves against the container's root; a relative one against the link's folder.
      const walk = target.startsWith("/")
        ? components(target)
        : [...components(path.dirname(name)), ...target.split("/").filter((c) => c !== "" && c !== ".")];
      if (climbsOut(walk)) throw new TarEntryError(raw, `symlink target ${target} leaves the root`);
      symlinks.add(name);
      return;
    }
    case "3": {
      const dev = `${entry.devMajor}:${entry.devMinor}`;
      if (!BASIC_CHAR_DEVICES.has(dev))
        throw new TarEntryError(raw, `character device ${dev} is not one of the basic devices`);
      break;
    }
    case "4":
      throw new TarEntryError(raw, `block device ${entry.devMajor}:${entry.devMinor} is not allowed`);
    default:
      throw new TarEntryError(raw, `unsupported entry type ${JSON.stringify(entry.type)}`);
  }
  // Any other entry at a symlink's path replaces the symlink.
  symlinks.delete(name);
}

function readNumber(h: Buffer, off: number, len: number): number {
  const field = h.subarray(off, off + len);
  const first = field[0] ?? 0;
  // GNU base-256 (large sizes): the high bit of the first byte is set.
  if (first & 0x80) {
    let v = first & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + (field[i] ?? 0);
    return v;
  }
  const text = field.toString("latin1").replace(/\0.*$/s, "").trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError("not a tar archive (bad number in a header)");
  return Number.parseInt(text, 8);
}

function readString(b: Buffer, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? field.length : nul).toString("utf8");
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const len = Number(data.subarray(i, space).toString("latin1"));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length)
      throw new TarFormatError("not a tar archive (bad pax record)");
    const record = data.subarray(space + 1, i + len - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  for (const key of Object.keys(out)) {
    if (!KNOWN_PAX_KEYS.has(key) && !KNOWN_PAX_PREFIXES.some((p) => key.startsWith(p)))
      throw new TarEntryError(out.path ?? "(pax header)", `pax header key ${key} is not supported`);
  }
  return out;
}

type Meta = { kind: "x" | "g" | "L" | "K"; size: number; chunks: Buffer[]; got: number };

/**
 * A sink for a decompressed tar stream that checks every entry and errors at the first bad one. It only
 * reads headers: file data is skipped without copying. After the end-of-archive block the rest is ignored,
 * as tar ignores it.
 */
export class TarCheckStream extends Writable {
  readonly summary: TarSummary = { entries: 0, totalBytes: 0 };
  private header = Buffer.alloc(512);
  private headerFill = 0;
  private skip = 0;
  private meta: Meta | null = null;
  private pax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private readonly symlinks = new Set<string>();
  private isEnded = false;

  constructor(private readonly limits: TarLimits = TEMPLATE_TAR_LIMITS) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    try {
      this.consume(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.summary.entries === 0 && !this.isEnded) cb(new TarFormatError("empty or not a tar archive"));
    else if (!this.isEnded && (this.skip > 0 || this.meta || this.headerFill > 0))
      cb(new TarFormatError("the tar archive is truncated"));
    else cb();
  }

  private consume(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && !this.isEnded) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - off);
        if (this.meta) {
          const take = Math.min(this.meta.size - this.meta.got, n);
          if (take > 0) this.meta.chunks.push(Buffer.from(chunk.subarray(off, off + take)));
          this.meta.got += take;
        }
        this.skip -= n;
        off += n;
        if (this.skip === 0 && this.meta) this.finishMeta();
        continue;
      }
      const n = Math.min(512 - this.headerFill, chunk.length - off);
      chunk.copy(this.header, this.headerFill, off, off + n);
      this.headerFill += n;
      off += n;
      if (this.headerFill === 512) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  private finishMeta(): void {
    const meta = this.meta;
    if (!meta) return;
    this.meta = null;
    const data = Buffer.concat(meta.chunks);
    if (meta.kind === "x") this.pax = parsePax(data);
    else if (meta.kind === "L") this.longName = readString(data, 0, data.length);
    else if (meta.kind === "K") this.longLink = readString(data, 0, data.length);
    else {
      const global = parsePax(data);
      if (global.path !== undefined || global.linkpath !== undefined)
        throw new TarEntryError(global.path ?? "(global pax header)", "a global pax header sets a path");
    }
  }

  private onHeader(h: Buffer): void {
    if (h.every((b) => b === 0)) {
      this.isEnded = true;
      return;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
    if (readNumber(h, 148, 8) !== sum)
      throw new TarFormatError("not a tar archive, or a corrupted one (header checksum mismatch)");
    const type = String.fromCharCode(h[156] ?? 0);
    let size = readNumber(h, 124, 12);
    if (type === "x" || type === "g" || type === "L" || type === "K") {
      if (size > 1024 * 1024) throw new TarFormatError("a tar metadata block is larger than 1 MiB");
      this.meta = { kind: type, size, chunks: [], got: 0 };
      this.skip = Math.ceil(size / 512) * 512;
      if (this.skip === 0) this.finishMeta();
      return;
    }
    // Only POSIX ustar headers carry a name prefix; old GNU headers use those bytes for times.
    const isPosix = h.subarray(257, 263).toString("latin1") === "ustar\0";
    const prefix = isPosix ? readString(h, 345, 155) : "";
    let name = readString(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    if (this.longName !== null) name = this.longName;
    if (this.pax.path !== undefined) name = this.pax.path;
    let linkName = this.longLink ?? readString(h, 157, 100);
    if (this.pax.linkpath !== undefined) linkName = this.pax.linkpath;
    if (this.pax.size !== undefined) {
      size = Number(this.pax.size);
      if (!Number.isSafeInteger(size) || size < 0) throw new TarEntryError(name, "bad size in pax header");
    }
    this.pax = {};
    this.longName = null;
    this.longLink = null;
    checkTarEntry(
      { name, type, size, linkName, devMajor: readNumber(h, 329, 8), devMinor: readNumber(h, 337, 8) },
      this.symlinks,
      this.limits,
    );
    this.summary.entries++;
    this.summary.totalBytes += size;
    if (this.summary.entries > this.limits.maxEntries) throw new TarEntryError(name, "too many entries");
    if (this.summary.totalBytes > this.limits.maxTotalBytes)
      throw new TarEntryError(name, "the unpacked archive is larger than the size limit");
    const hasData = type === "0" || type === "\0" || type === "7";
    this.skip = hasData ? Math.ceil(size / 512) * 512 : 0;
  }
}
