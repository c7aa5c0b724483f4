import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { AppError } from "../errors/app-error";

/** A pass-through that hashes and counts the bytes, and stops the stream past the size limit. */
export function createHashingLimiter(maxBytes: number) {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        cb(
          new AppError(
            "VALIDATION",
            `The file is larger than ${Math.round(maxBytes / 1024 ** 2)} MiB, the largest template the panel accepts.`,
            { field: "file", reason: "too-large" },
          ),
        );
        return;
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest("hex"), bytes: () => bytes };
}
