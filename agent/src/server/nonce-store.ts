import {
  closeSync,
  fdatasyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";

// Nonces seen in signed requests, kept until their request expires (plus skew). Appended and synced to a
// file before the request runs, so a restarted agent still refuses a replay.

export class NonceStore {
  private seen = new Map<string, number>();
  private fd: number;

  constructor(
    readonly file: string,
    private readonly graceSec: number,
  ) {
    const now = Math.floor(Date.now() / 1000);
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // first start
    }
    for (const line of text.split("\n")) {
      const [exp, nonce] = line.split(" ");
      if (!exp || !nonce) continue;
      if (Number(exp) + graceSec >= now) this.seen.set(nonce, Number(exp));
    }
    // Compact on start: only live nonces are kept.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, [...this.seen].map(([n, e]) => `${e} ${n}\n`).join(""), { mode: 0o600 });
    renameSync(tmp, file);
    this.fd = openSync(file, "a", 0o600);
  }

  /** Records the nonce; false if it was seen before (a replay). */
  claim(nonce: string, expires: number): boolean {
    const now = Math.floor(Date.now() / 1000);
    if (this.seen.size > 10_000)
      for (const [n, e] of this.seen) if (e + this.graceSec < now) this.seen.delete(n);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, expires);
    writeSync(this.fd, `${expires} ${nonce}\n`);
    fdatasyncSync(this.fd);
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}
