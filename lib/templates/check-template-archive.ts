import "server-only";
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import {
  DEFAULT_TAR_LIMITS,
  discard,
  TarChecker,
  TarEntryError,
  TarFormatError,
  type TarLimits,
  type TarSummary,
} from "@/agent/protocol/tar-check";
import { AppError } from "../errors/app-error";

export type TemplateFormat = "tar.gz" | "tar.xz" | "tar.zst";

/** The compression, from the file's first bytes: a file name or a form field could lie. */
export async function sniffTemplateFormat(file: string): Promise<TemplateFormat | null> {
  const handle = await fs.open(file, "r");
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
    if (bytesRead >= 6 && head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "tar.xz";
    if (bytesRead >= 4 && head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return "tar.zst";
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Decompresses the template file and checks every tar entry with the agent's own rules
 * (agent/protocol/tar-check.ts). Throws a
 * VALIDATION AppError naming the first bad entry. xz and zstd run as child programs with argument arrays
 * and read the file on stdin; nothing typed by a user reaches their command line.
 */
export async function checkTemplateArchive(
  file: string,
  limits: TarLimits = DEFAULT_TAR_LIMITS,
): Promise<{ format: TemplateFormat; summary: TarSummary }> {
  const format = await sniffTemplateFormat(file);
  if (!format)
    throw new AppError(
      "VALIDATION",
      "The file is not a template: expected a .tar.gz, .tar.xz or .tar.zst archive.",
      { reason: "not-an-archive" },
    );
  const checker = new TarChecker(limits);
  try {
    if (format === "tar.gz") {
      await pipeline(createReadStream(file), createGunzip(), checker, discard());
    } else {
      const child = spawn(format === "tar.xz" ? "xz" : "zstd", ["-dc"], {
        stdio: ["pipe", "pipe", "ignore"],
      });
      const exited = new Promise<number>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve(code ?? 1));
      });
      try {
        await Promise.all([
          pipeline(createReadStream(file), child.stdin),
          pipeline(child.stdout, checker, discard()),
        ]);
      } catch (err) {
        child.kill("SIGKILL");
        await exited.catch(() => 1);
        throw err;
      }
      if ((await exited) !== 0) throw new TarFormatError(`the ${format} file could not be decompressed`);
    }
  } catch (err) {
    if (err instanceof TarEntryError)
      throw new AppError("VALIDATION", `The archive was refused: ${err.message}.`, {
        reason: "bad-entry",
      });
    if (err instanceof TarFormatError)
      throw new AppError("VALIDATION", `The archive was refused: ${err.message}.`, {
        reason: "bad-archive",
      });
    // zlib and pipe errors: a damaged or truncated compressed stream.
    if (err instanceof Error && "code" in err)
      throw new AppError(
        "VALIDATION",
        "The archive was refused: the compressed data is damaged or truncated.",
        {
          reason: "bad-archive",
        },
      );
    throw err;
  }
  return { format, summary: checker.summary };
}
