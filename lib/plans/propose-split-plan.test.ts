import { describe, expect, it } from "vitest";
import { toPlanFormValues } from "./plan-form-values";
import { hostDiskReserveMb, hostMemoryReserveMb, proposeSplitPlan } from "./propose-split-plan";
import { planInputSchema } from "./schemas";

const node = { name: "n1", cpus: 8, memoryMb: 32 * 1024, diskMb: 1000 * 1024 };

describe("proposeSplitPlan (vzsplit)", () => {
  it("gives each of N an equal share after keeping some memory and disk for the host", () => {
    const r = proposeSplitPlan(node, 10);
    if (!r.ok) throw new Error(r.message);
    expect(r.reservedMemoryMb).toBe(2048); // 10 % of 32 GiB is over the 2 GiB cap
    expect(r.reservedDiskMb).toBe(100 * 1024); // 10 % of 1000 GiB
    expect(r.plan.ramMb).toBe(Math.floor((32 * 1024 - 2048) / 10));
    expect(r.plan.diskspaceMb).toBe(Math.floor((900 * 1024) / 10));
    expect(r.plan.diskspaceLimitMb).toBe(r.plan.diskspaceMb);
    expect(r.plan.swapMb).toBe(r.plan.ramMb);
    // N containers together never exceed what the host has left.
    expect(r.plan.ramMb * 10).toBeLessThanOrEqual(node.memoryMb - r.reservedMemoryMb);
    expect(r.plan.diskspaceMb * 10).toBeLessThanOrEqual(node.diskMb - r.reservedDiskMb);
  });

  it("scales processes, files and inodes with the share", () => {
    const small = proposeSplitPlan({ ...node, memoryMb: 4096 }, 14);
    const big = proposeSplitPlan(node, 1);
    if (!small.ok || !big.ok) throw new Error("expected proposals");
    expect(small.plan.numproc).toBeLessThan(big.plan.numproc ?? 0);
    expect(small.plan.numfile).toBe((small.plan.numproc ?? 0) * 16);
    expect(big.plan.numproc).toBe(32_768); // capped
    expect(big.plan.diskinodes).toBe(Math.min(big.plan.diskspaceMb * 64, 2 ** 31 - 1));
    expect(small.plan.numproc).toBeGreaterThanOrEqual(128);
  });

  it("keeps a floor and a ceiling on the host reserves", () => {
    expect(hostMemoryReserveMb(1024)).toBe(256);
    expect(hostMemoryReserveMb(8192)).toBe(819);
    expect(hostMemoryReserveMb(256 * 1024)).toBe(2048);
    expect(hostDiskReserveMb(10 * 1024)).toBe(2048);
    expect(hostDiskReserveMb(50 * 1024)).toBe(5120);
  });

  it("refuses a split that would go below the minimums, saying how many fit", () => {
    const r = proposeSplitPlan({ name: "tiny", cpus: 1, memoryMb: 2048, diskMb: 100 * 1024 }, 100);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // (2048 - 256) / 64 = 28 by RAM; disk allows more.
    expect(r.maxCount).toBe(28);
    expect(r.message).toContain("below the 64 MiB minimum");
    expect(r.message).toContain("Choose 28 or fewer.");
    expect(proposeSplitPlan({ name: "tiny", cpus: 1, memoryMb: 2048, diskMb: 100 * 1024 }, 28).ok).toBe(true);
  });

  it("names disk as the limit when disk runs out first", () => {
    const r = proposeSplitPlan({ name: "d", cpus: 4, memoryMb: 64 * 1024, diskMb: 4096 }, 10);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/MiB of disk each, below the 256 MiB minimum.*Choose 8 or fewer/);
  });

  it("refuses N outside 1..10000", () => {
    for (const n of [0, -1, 1.5, 10_001, Number.NaN])
      expect(proposeSplitPlan(node, n).ok, String(n)).toBe(false);
  });

  it("proposes a plan the plan form accepts as it is", () => {
    for (const n of [1, 3, 7, 100]) {
      const r = proposeSplitPlan(node, n);
      if (!r.ok) throw new Error(r.message);
      const parsed = planInputSchema.parse(toPlanFormValues({ ...r.plan, name: `split-${n}` }));
      expect(parsed).toMatchObject({ ...r.plan, name: `split-${n}` });
    }
  });
});
