import { describe, expect, it } from "vitest";
import { isoWeekKey, selectBackupsToPrune } from "./retention";

const at = (iso: string, id = iso) => ({ id, createdAt: new Date(iso) });

describe("selectBackupsToPrune", () => {
  it("keeps the newest backup of each of the last N days", () => {
    const backups = [
      at("2026-11-20T03:00:00Z"),
      at("2026-11-21T03:00:00Z"),
      at("2026-11-21T15:00:00Z"),
      at("2026-11-22T03:00:00Z"),
      at("2026-11-23T03:00:00Z"),
    ];
    const pruned = selectBackupsToPrune(backups, { keepDaily: 3, keepWeekly: 0 });
    expect(pruned.sort()).toEqual(["2026-11-20T03:00:00Z", "2026-11-21T03:00:00Z"]);
  });

  it("keeps the newest of each of the last N ISO weeks besides the daily ones", () => {
    // Daily backups over five weeks: keep 2 daily and 3 weekly.
    const backups = Array.from({ length: 35 }, (_, i) =>
      at(new Date(Date.UTC(2026, 9, 26 + i, 3)).toISOString()),
    );
    const pruned = new Set(selectBackupsToPrune(backups, { keepDaily: 2, keepWeekly: 3 }));
    const kept = backups.filter((b) => !pruned.has(b.id)).map((b) => b.id.slice(0, 10));
    // 2026-11-29 is a Sunday: the newest of its week (W48) is also a daily one.
    expect(kept.sort()).toEqual(["2026-11-15", "2026-11-22", "2026-11-28", "2026-11-29"]);
  });

  it("keeps everything when the policy covers it and nothing when it keeps nothing", () => {
    const backups = [at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")];
    expect(selectBackupsToPrune(backups, { keepDaily: 7, keepWeekly: 4 })).toEqual([]);
    expect(selectBackupsToPrune(backups, { keepDaily: 0, keepWeekly: 0 }).sort()).toEqual(
      backups.map((b) => b.id).sort(),
    );
  });

  it("numbers ISO weeks across a year end", () => {
    expect(isoWeekKey(new Date("2026-12-31T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeekKey(new Date("2027-01-04T12:00:00Z"))).toBe("2027-W01");
    expect(isoWeekKey(new Date("2026-11-30T00:00:00Z"))).toBe("2026-W49");
  });
});
