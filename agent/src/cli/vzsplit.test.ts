import { describe, expect, it } from "vitest";
import { splitHost } from "./vzsplit";

describe("vzsplit", () => {
  it("divides the host between N containers", () => {
    const host = { memBytes: 24 * 1024 ** 3, diskFreeBytes: 200 * 1024 ** 3, cpus: 2 };
    const ten = splitHost(10, host);
    const hundred = splitHost(100, host);
    const pages = (c: ReturnType<typeof splitHost>) => Number(c.get("PHYSPAGES")?.split(":")[1]);
    expect(pages(ten)).toBeGreaterThan(pages(hundred) * 9);
    expect(pages(ten) * 4096 * 10).toBeLessThanOrEqual(host.memBytes);
    expect(Number(ten.get("DISKSPACE")?.split(":")[0]) * 1024 * 10).toBeLessThanOrEqual(host.diskFreeBytes);
  });
});
