import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { templateNameSchema } from "../../protocol/fields";
import {
  DEFAULT_TAR_LIMITS,
  discard,
  TarChecker,
  TarEntryError,
  TarFormatError,
  type TarLimits,
  type TarSummary,
} from "../../protocol/tar-check";
import { AgentError } from "../errors";
import { httpGet } from "../http-get";

export const TEMPLATE_EXTENSIONS = [".tar.gz", ".tar.xz", ".tar.zst"] as const;

export type TemplateInfo = { name: string; file: string; sha256: string | null; size: number };

function compression(file: string): "gz" | "xz" | "zst" {
  if (file.endsWith(".tar.gz")) return "gz";
  if (file.endsWith(".tar.xz")) return "xz";
  if (file.endsWith(".tar.zst")) return "zst";
  throw new AgentError("BAD_TMPL", `unknown template format: ${path.basename(file)}`);
}

/** A tar the checker refused becomes vzctl's bad-template error, naming the file and the entry. */
function refusedTemplate(err: unknown, file: string): unknown {
  if (err instanceof TarEntryError || err instanceof TarFormatError)
    return new AgentError("BAD_TMPL", `template ${path.basename(file)} refused: ${err.message}`);
  return err;
}

class HashTap extends Transform {
  readonly hash = createHash("sha256");
  override _transform(
    chunk: Buffer,
    _e: BufferEncoding,
    cb: (err?: Error | null, data?: Buffer) => void,
  ): void {
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

export class TemplateCache {
  constructor(
    readonly dir: string,
    readonly limits: TarLimits = DEFAULT_TAR_LIMITS,
  ) {}

  async list(): Promise<TemplateInfo[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: TemplateInfo[] = [];
    for (const f of names.sort()) {
      const ext = TEMPLATE_EXTENSIONS.find((e) => f.endsWith(e));
      if (!ext || f.startsWith(".")) continue;
      const file = path.join(this.dir, f);
      const st = await fs.stat(file);
      out.push({ name: f.slice(0, -ext.length), file, sha256: await this.readSha(file), size: st.size });
    }
    return out;
  }

  private async readSha(file: string): Promise<string | null> {
    try {
      const t = await fs.readFile(`${file}.sha256`, "utf8");
      const m = /^([0-9a-f]{64})\b/.exec(t.trim());
      return m?.[1] ?? null;
    } catch {
      return null;
    }
  }

  async find(name: string): Promise<TemplateInfo> {
    if (!templateNameSchema.safeParse(name).success)
      throw new AgentError("BAD_REQUEST", `invalid template name: ${name}`);
    const all = await this.list();
    const t = all.find((x) => x.name === name);
    if (!t)
      throw new AgentError(
        "OSTEMPLATE_NOT_FOUND",
        `Cached OS template ${path.join(this.dir, name)}.tar.* not found`,
      );
    return t;
  }

  /** Checks every entry of a tarball on disk; returns its sha256 and summary. Throws BAD_TMPL naming the first bad entry. */
  async check(file: string): Promise<{ sha256: string; summary: TarSummary }> {
    const handle = await fs.open(file, "r");
    try {
      return await this.checkHandle(handle, file);
    } catch (err) {
      throw refusedTemplate(err, file);
    } finally {
      await handle.close();
    }
  }

  private async checkHandle(
    handle: fs.FileHandle,
    file: string,
  ): Promise<{ sha256: string; summary: TarSummary }> {
    const tap = new HashTap();
    const checker = new TarChecker(this.limits);
    const src = handle.createReadStream({ start: 0, autoClose: false });
    const kind = compression(file);
    if (kind === "gz") {
      await pipeline(src, tap, createGunzip(), checker, discard());
    } else {
      const child = spawn(kind === "xz" ? "xz" : "zstd", ["-dc"], { stdio: ["pipe", "pipe", "ignore"] });
      const exited = new Promise<number>((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => resolve(code ?? 1));
      });
      try {
        await Promise.all([pipeline(src, tap, child.stdin), pipeline(child.stdout, checker, discard())]);
      } catch (err) {
        child.kill("SIGKILL");
        src.destroy();
        throw err;
      }
      const code = await exited;
      if (code !== 0)
        throw new AgentError("BAD_TMPL", `${kind} -dc failed on ${path.basename(file)} (exit ${code})`);
    }
    return { sha256: tap.hash.digest("hex"), summary: checker.summary };
  }

  /**
   * Extracts a template in one pass that checks as it goes: the file is read once through one handle,
   * decompressed here, and tar receives only bytes the checker has passed (an entry's header is checked
   * before tar sees any of it), so what is extracted is exactly what was checked. The bytes read are
   * hashed and must match the cache's sha256. On any failure the destination is emptied again.
   */
  async extract(
    name: string,
    dest: string,
    onProgress?: (msg: string) => void,
  ): Promise<TemplateInfo & { summary: TarSummary }> {
    const info = await this.find(name);
    const handle = await fs.open(info.file, "r");
    const kind = compression(info.file);
    const tap = new HashTap();
    const checker = new TarChecker(this.limits);
    // GNU tar also refuses absolute and '..' members itself; --no-overwrite-dir keeps the mount point's mode.
    const tar = spawn(
      "tar",
      [
        "-x",
        "--numeric-owner",
        "-p",
        "--xattrs",
        "--xattrs-include=user.*",
        "--xattrs-include=security.capability",
        "--no-overwrite-dir",
        "-C",
        dest,
        "-f",
        "-",
      ],
      {
        stdio: ["pipe", "ignore", "pipe"],
      },
    );
    let stderr = "";
    tar.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const tarExited = new Promise<number>((resolve, reject) => {
      tar.on("error", reject);
      tar.on("exit", (code) => resolve(code ?? 1));
    });
    const src = handle.createReadStream({ start: 0, autoClose: false });
    let decompressor: ReturnType<typeof spawn> | null = null;
    try {
      if (kind === "gz") {
        await pipeline(src, tap, createGunzip(), checker, tar.stdin);
      } else {
        const child = spawn(kind === "xz" ? "xz" : "zstd", ["-dc"], { stdio: ["pipe", "pipe", "ignore"] });
        decompressor = child;
        const exited = new Promise<number>((resolve, reject) => {
          child.on("error", reject);
          child.on("exit", (code) => resolve(code ?? 1));
        });
        await Promise.all([pipeline(src, tap, child.stdin), pipeline(child.stdout, checker, tar.stdin)]);
        if ((await exited) !== 0)
          throw new AgentError("BAD_TMPL", `${kind} -dc failed on ${path.basename(info.file)}`);
      }
      const code = await tarExited;
      const sha256 = tap.hash.digest("hex");
      if (info.sha256 && info.sha256 !== sha256) {
        throw new AgentError(
          "BAD_TMPL",
          `template ${name}: sha256 ${sha256} does not match ${info.sha256} recorded in the cache`,
        );
      }
      if (code !== 0)
        throw new AgentError(
          "BAD_TMPL",
          `tar failed extracting ${name}: ${stderr.trim().split("\n").slice(-2).join("; ")}`,
        );
      onProgress?.(`template ${name} checked and extracted`);
      return { ...info, sha256, summary: checker.summary };
    } catch (err) {
      tar.kill("SIGKILL");
      decompressor?.kill("SIGKILL");
      src.destroy();
      await tarExited.catch(() => 1);
      await emptyDir(dest);
      throw refusedTemplate(err, info.file);
    } finally {
      await handle.close();
    }
  }

  /** Adds a tarball to the cache after checking it; the cache only ever sees complete, checked files. */
  async add(srcFile: string, name: string, expectedSha?: string): Promise<TemplateInfo> {
    if (!templateNameSchema.safeParse(name).success)
      throw new AgentError("BAD_REQUEST", `invalid template name: ${name}`);
    const ext = TEMPLATE_EXTENSIONS.find((e) => srcFile.endsWith(e));
    if (!ext) throw new AgentError("BAD_TMPL", `template must be ${TEMPLATE_EXTENSIONS.join(", ")}`);
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.${name}.partial-${randomBytes(4).toString("hex")}${ext}`);
    try {
      await pipeline(createReadStream(srcFile), createWriteStream(tmp, { mode: 0o600 }));
      const { sha256 } = await this.check(tmp);
      if (expectedSha && expectedSha !== sha256)
        throw new AgentError("BAD_TMPL", `sha256 mismatch: got ${sha256}, expected ${expectedSha}`);
      return await this.commit(tmp, name, ext, sha256);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  private async commit(tmp: string, name: string, ext: string, sha256: string): Promise<TemplateInfo> {
    for (const e of TEMPLATE_EXTENSIONS) {
      await fs.rm(path.join(this.dir, `${name}${e}`), { force: true });
      await fs.rm(path.join(this.dir, `${name}${e}.sha256`), { force: true });
    }
    const final = path.join(this.dir, `${name}${ext}`);
    await fs.writeFile(`${final}.sha256`, `${sha256}  ${name}${ext}\n`);
    await fs.chmod(tmp, 0o644);
    await fs.rename(tmp, final);
    const st = await fs.stat(final);
    return { name, file: final, sha256, size: st.size };
  }

  /** Downloads into a partial file beside the cache, verifies sha256 and every entry, then renames into place. */
  async download(
    url: string,
    name: string,
    expectedSha: string,
    onProgress?: (msg: string) => void,
  ): Promise<TemplateInfo> {
    if (!templateNameSchema.safeParse(name).success)
      throw new AgentError("BAD_REQUEST", `invalid template name: ${name}`);
    const u = new URL(url);
    const ext = TEMPLATE_EXTENSIONS.find((e) => u.pathname.endsWith(e));
    if (!ext) throw new AgentError("BAD_TMPL", `URL must end in ${TEMPLATE_EXTENSIONS.join(", ")}`);
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.${name}.partial-${randomBytes(4).toString("hex")}${ext}`);
    try {
      const body = await httpGet(
        u,
        (status) => new AgentError("BAD_TMPL", `download failed: HTTP ${status}`),
      );
      const tap = new HashTap();
      let got = 0;
      body.on("data", (d: Buffer) => {
        got += d.length;
      });
      await pipeline(body, tap, createWriteStream(tmp, { mode: 0o600 }));
      const sha = tap.hash.digest("hex");
      onProgress?.(`downloaded ${got} bytes`);
      if (sha !== expectedSha)
        throw new AgentError("BAD_TMPL", `sha256 mismatch for ${url}: got ${sha}, expected ${expectedSha}`);
      await this.check(tmp);
      return await this.commit(tmp, name, ext, sha);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}

export async function emptyDir(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => n !== "lost+found")
      .map((n) => fs.rm(path.join(dir, n), { recursive: true, force: true })),
  );
}
