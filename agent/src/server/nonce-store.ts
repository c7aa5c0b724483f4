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
  private appended = 0;

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
    this.fd = this.compact();
  }

  /** Rewrites the file with the live nonces only (at start, and as appended lines pile up). */
  private compact(): number {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.seen].map(([n, e]) => `${e} ${n}\n`).join(""), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.appended = 0;
    return openSync(this.file, "a", 0o600);
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
    if (++this.appended > 50_000) {
      for (const [n, e] of this.seen) if (e + this.graceSec < now) this.seen.delete(n);
      closeSync(this.fd);
      this.fd = this.compact();
    }
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}
