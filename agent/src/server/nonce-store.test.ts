import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NonceStore } from "./nonce-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-nonces-"));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("nonce store", () => {
  it("refuses a nonce seen before, also after a restart, and forgets expired ones", () => {
    const file = path.join(dir, "nonces.log");
    const now = Math.floor(Date.now() / 1000);
    const a = new NonceStore(file, 30);
    expect(a.claim("nonce-live-000000000", now + 60)).toBe(true);
    expect(a.claim("nonce-live-000000000", now + 60)).toBe(false);
    expect(a.claim("nonce-old-0000000000", now - 100)).toBe(true);
    a.close();
    const b = new NonceStore(file, 30);
    expect(b.claim("nonce-live-000000000", now + 60)).toBe(false);
    expect(b.claim("nonce-old-0000000000", now + 60)).toBe(true);
    b.close();
    expect(fs.readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(2);
  });
});
