import path from "node:path/posix";
import { Transform, Writable } from "node:stream";

// An incremental ustar/pax/GNU tar reader that checks every entry before anything is extracted. A template
// or a backup is a container's whole root file system; the checks keep its extraction inside that root.
// The one set of rules for both sides: the panel checks a template on upload and download, the agent again
// before it extracts a template or restores a backup, and before it backs up a container (agent/src/backups).
// Pure: streams and paths only, no fs.

export type TarLimits = { maxTotalBytes: number; maxEntries: number; maxPathLength: number };

export const DEFAULT_TAR_LIMITS: TarLimits = {
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxPathLength: 4096,
};

/** The character devices a rootfs may carry (null, zero, full, random, urandom, tty, console, ptmx). */
const ALLOWED_CHAR_DEVICES = new Set(["1:3", "1:5", "1:7", "1:8", "1:9", "5:0", "5:1", "5:2"]);

export class TarEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`entry ${JSON.stringify(entry)}: ${reason}`);
    this.name = "TarEntryError";
  }
}

/** The input is not a readable tar at all (bad checksum, truncated): no entry to name. */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarFormatError";
  }
}

export type TarEntry = {
  name: string;
  type: string;
  size: number;
  linkName: string;
  devMajor: number;
  devMinor: number;
};

/** Path components of a member name, "." and empty parts dropped (tar treats "./a//b" as "a/b"). */
function components(p: string): string[] {
  return p.split("/").filter((c) => c !== "" && c !== ".");
}

/** True if any proper prefix of `parts` ("a", "a/b", ...) is in `symlinks`; returns that prefix. */
function symlinkPrefix(parts: string[], symlinks: Set<string>): string | null {
  if (symlinks.size === 0) return null;
  // Built one from the other: a root file system has ~50k entries.
  let prefix = "";
  for (let i = 0; i < parts.length - 1; i++) {
    prefix = i === 0 ? (parts[0] as string) : `${prefix}/${parts[i]}`;
    if (symlinks.has(prefix)) return prefix;
  }
  return null;
}

/**
 * Checks one entry against the rules; `symlinks` holds the archive's symlink paths seen so far (normalized)
 * and is updated. Throws TarEntryError naming the entry; returns the normalized name. Pure apart from
 * `symlinks`, so it is tested without tarballs too, and a backup checks a live tree with it.
 */
export function checkTarEntry(
  e: TarEntry,
  symlinks: Set<string>,
  limits: TarLimits = DEFAULT_TAR_LIMITS,
): string {
  const raw = e.name;
  if (raw.length > limits.maxPathLength) throw new TarEntryError(raw.slice(0, 100), "path too long");
  if (raw.includes("\0")) throw new TarEntryError(raw, "NUL character in the path");
  if (raw.startsWith("/")) throw new TarEntryError(raw, "absolute path");
  const parts = components(raw);
  if (parts.includes("..")) throw new TarEntryError(raw, "'..' in the path");
  const name = parts.join("/");
  // Writing through a symlink the archive itself planted is the classic tar slip.
  const through = symlinkPrefix(parts, symlinks);
  if (through !== null) throw new TarEntryError(raw, `path goes through the symlink ${through}`);
  switch (e.type) {
    case "0":
    case "\0":
    case "7":
    case "5":
    case "6":
      break;
    case "1": {
      const target = e.linkName;
      if (target === "" || target.includes("\0")) throw new TarEntryError(raw, "empty hard link target");
      if (target.startsWith("/")) throw new TarEntryError(raw, `hard link to the absolute path ${target}`);
      const tparts = components(target);
      if (tparts.length === 0 || tparts.includes(".."))
        throw new TarEntryError(raw, `hard link target ${target} leaves the root`);
      // A hard link to a symlink itself is harmless (link(2) does not follow it); one through a symlink is not.
      const via = symlinkPrefix(tparts, symlinks);
      if (via !== null) throw new TarEntryError(raw, `hard link target goes through the symlink ${via}`);
      break;
    }
    case "2": {
      const target = e.linkName;
      if (target === "" || target.includes("\0")) throw new TarEntryError(raw, "empty symlink target");
      // An absolute target resolves against the container's root; a relative one against the link's folder.
      const walk = target.startsWith("/")
        ? components(target)
        : [...components(path.dirname(name)), ...components(target)];
      if (climbsOut(walk)) throw new TarEntryError(raw, `symlink target ${target} leaves the root`);
      symlinks.add(name);
      return name;
    }
    case "3": {
      const dev = `${e.devMajor}:${e.devMinor}`;
      if (!ALLOWED_CHAR_DEVICES.has(dev))
        throw new TarEntryError(raw, `character device ${dev} is not one of the basic devices`);
      break;
    }
    case "4":
      throw new TarEntryError(raw, `block device ${e.devMajor}:${e.devMinor} is not allowed`);
    default:
      throw new TarEntryError(raw, `unsupported entry type ${JSON.stringify(e.type)}`);
  }
  // A later non-symlink entry at the same path replaces the symlink.
  symlinks.delete(name);
  return name;
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

function parseOctal(buf: Buffer, off: number, len: number): number {
  const end = Math.min(off + len, buf.length);
  const first = buf[off];
  // GNU base-256 for large values: high bit of the first byte set.
  if (first !== undefined && (first & 0x80) !== 0) {
    let v = first & 0x7f;
    for (let i = off + 1; i < end; i++) v = v * 256 + (buf[i] as number);
    return v;
  }
  // The usual field, octal digits up to a NUL or the field's end, read without making strings (four fields
  // per header); anything else (spaces, junk) goes the general way below, which gives the same value.
  let v = 0;
  let i = off;
  for (; i < end; i++) {
    const b = buf[i] as number;
    if (b < 0x30 || b > 0x37) break;
    v = v * 8 + (b - 0x30);
  }
  if (i === end || buf[i] === 0) return v;
  const s = buf.toString("latin1", off, end).replace(/\0.*$/s, "").trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s))
    throw new TarFormatError(`not a tar archive (bad octal number ${JSON.stringify(s)})`);
  return Number.parseInt(s, 8);
}

function cstr(buf: Buffer, off: number, len: number): string {
  const end = Math.min(off + len, buf.length);
  let nul = off;
  while (nul < end && buf[nul] !== 0) nul++;
  return nul === off ? "" : buf.toString("utf8", off, nul);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp === -1) break;
    const len = Number(data.subarray(i, sp).toString("latin1"));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length)
      throw new TarFormatError("not a tar archive (bad pax record)");
    const rec = data.subarray(sp + 1, i + len - 1).toString("utf8");
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  checkPaxKeys(out);
  return out;
}

export type TarSummary = { entries: number; totalBytes: number };

/** pax keys GNU tar may act on that are understood here; any other (GNU.sparse.*, ...) is refused. */
const PAX_KEYS = new Set([
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
const PAX_PREFIXES = ["SCHILY.xattr.", "LIBARCHIVE.xattr.", "SCHILY.acl."];

function checkPaxKeys(rec: Record<string, string>): void {
  for (const k of Object.keys(rec)) {
    if (!PAX_KEYS.has(k) && !PAX_PREFIXES.some((p) => k.startsWith(p)))
      throw new TarEntryError(rec.path ?? "(pax header)", `pax header key ${k} is not supported`);
  }
}

const END_OF_ARCHIVE = Buffer.alloc(1024);

/**
 * A Transform over a decompressed tar stream that passes on only bytes it has checked: an entry's header
 * is checked before the header or any of its data is passed on, so a program extracting the output never
 * sees an entry that was not checked. It errors at the first bad entry. After the end-of-archive block
 * nothing more is passed on (no hidden entries behind it).
 */
export class TarChecker extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private collect: { kind: "x" | "g" | "L" | "K"; size: number; chunks: Buffer[]; got: number } | null = null;
  private pax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private symlinks = new Set<string>();
  private ended = false;
  readonly summary: TarSummary = { entries: 0, totalBytes: 0 };

  constructor(private readonly limits: TarLimits = DEFAULT_TAR_LIMITS) {
    super();
  }

  private trailerSent = false;

  override _transform(
    chunk: Buffer,
    _enc: BufferEncoding,
    cb: (err?: Error | null, data?: Buffer) => void,
  ): void {
    try {
      const out = this.checkChunk(chunk);
      cb(null, out.length ? out : undefined);
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: (err?: Error | null, data?: Buffer) => void): void {
    try {
      const out = this.checkEnd();
      cb(null, out.length ? out : undefined);
    } catch (err) {
      cb(err as Error);
    }
  }

  /**
   * The same check without the stream around it, for a caller that moves the bytes itself: takes the next
   * bytes of the archive and returns those now checked and safe to pass on (a subarray of `chunk` where it
   * can, so the caller must not reuse `chunk` before it is done with the result). Throws at the first bad
   * entry; after a throw nothing more may be passed on.
   */
  checkChunk(chunk: Buffer): Buffer {
    return this.consume(chunk);
  }

  /** The input ended: returns the last bytes to pass on (the end-of-archive trailer), or throws if truncated. */
  checkEnd(): Buffer {
    if (!this.ended && this.summary.entries === 0) throw new TarFormatError("empty or not a tar archive");
    if (this.skip > 0 || this.collect || this.pending.length > 0)
      throw new TarFormatError("the tar archive is truncated");
    return this.trailerSent ? Buffer.alloc(0) : END_OF_ARCHIVE;
  }

  /** Returns the bytes now checked and safe to pass on. */
  private consume(chunk: Buffer): Buffer {
    if (this.trailerSent) return Buffer.alloc(0);
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    while (off < buf.length) {
      if (this.ended) {
        // The zero block that ended the archive is replaced by a full two-block trailer.
        this.trailerSent = true;
        this.pending = Buffer.alloc(0);
        return Buffer.concat([buf.subarray(0, off - 512), END_OF_ARCHIVE]);
      }
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - off);
        if (this.collect) {
          const want = this.collect.size - this.collect.got;
          const take = Math.min(want, n);
          if (take > 0) this.collect.chunks.push(Buffer.from(buf.subarray(off, off + take)));
          this.collect.got += take;
        }
        this.skip -= n;
        off += n;
        if (this.skip === 0 && this.collect) this.finishCollect();
        continue;
      }
      if (buf.length - off < 512) break;
      const header = buf.subarray(off, off + 512);
      off += 512;
      this.header(header);
    }
    if (this.ended) {
      this.trailerSent = true;
      this.pending = Buffer.alloc(0);
      return Buffer.concat([buf.subarray(0, off - 512), END_OF_ARCHIVE]);
    }
    const out = buf.subarray(0, off);
    const rest = buf.subarray(off);
    this.pending = rest.length ? Buffer.from(rest) : Buffer.alloc(0);
    return out;
  }

  private finishCollect(): void {
    const c = this.collect;
    if (!c) return;
    this.collect = null;
    const data = Buffer.concat(c.chunks);
    if (c.kind === "x") this.pax = parsePax(data);
    else if (c.kind === "L") this.longName = cstr(data, 0, data.length);
    else if (c.kind === "K") this.longLink = cstr(data, 0, data.length);
    else {
      const g = parsePax(data);
      if (g.path !== undefined || g.linkpath !== undefined)
        throw new TarEntryError(g.path ?? "(global pax header)", "a global pax header sets a path");
    }
  }

  private header(h: Buffer): void {
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += h[i] as number;
    if (sum === 0) {
      this.ended = true;
      return;
    }
    // The checksum counts its own eight bytes as spaces.
    for (let i = 148; i < 156; i++) sum += 32 - (h[i] as number);
    const stored = parseOctal(h, 148, 8);
    if (stored !== sum)
      throw new TarFormatError("not a tar archive, or a corrupted one (header checksum mismatch)");
    const type = String.fromCharCode(h[156] ?? 0);
    let size = parseOctal(h, 124, 12);
    const blocks = Math.ceil(size / 512) * 512;
    if (type === "x" || type === "g" || type === "L" || type === "K") {
      if (size > 1024 * 1024) throw new TarFormatError("a tar metadata block is larger than 1 MiB");
      this.collect = { kind: type, size, chunks: [], got: 0 };
      this.skip = blocks;
      if (blocks === 0) this.finishCollect();
      return;
    }
    // Only POSIX ustar ("ustar\0") has a name prefix there; old GNU headers ("ustar  ") keep times in those
    // bytes, and reading them as a prefix would make this check see another name than tar extracts.
    const posix =
      h[257] === 0x75 &&
      h[258] === 0x73 &&
      h[259] === 0x74 &&
      h[260] === 0x61 &&
      h[261] === 0x72 &&
      h[262] === 0;
    const prefix = posix ? cstr(h, 345, 155) : ""; // "ustar\0"
    let name = cstr(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    if (this.longName !== null) name = this.longName;
    if (this.pax.path !== undefined) name = this.pax.path;
    let linkName = this.longLink ?? cstr(h, 157, 100);
    if (this.pax.linkpath !== undefined) linkName = this.pax.linkpath;
    if (this.pax.size !== undefined) {
      size = Number(this.pax.size);
      if (!Number.isSafeInteger(size) || size < 0) throw new TarEntryError(name, "bad size in pax header");
    }
    this.pax = {};
    this.longName = null;
    this.longLink = null;
    const entry: TarEntry = {
      name,
      type,
      size,
      linkName,
      devMajor: parseOctal(h, 329, 8),
      devMinor: parseOctal(h, 337, 8),
    };
    checkTarEntry(entry, this.symlinks, this.limits);
    this.summary.entries++;
    this.summary.totalBytes += size;
    if (this.summary.entries > this.limits.maxEntries) throw new TarEntryError(name, "too many entries");
    if (this.summary.totalBytes > this.limits.maxTotalBytes)
      throw new TarEntryError(name, "the unpacked archive is larger than the size limit");
    const hasData = type === "0" || type === "\0" || type === "7";
    this.skip = hasData ? Math.ceil(size / 512) * 512 : 0;
  }
}

/** A sink for a check-only pass. */
export function discard(): Writable {
  return new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
}
