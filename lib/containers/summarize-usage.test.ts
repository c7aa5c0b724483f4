import { describe, expect, it } from "vitest";
import { counterDelta, summarizeUsage, type UsagePoint } from "./summarize-usage";

const t0 = Date.parse("2025-03-01T00:00:00Z");

function point(minute: number, rx: number, tx: number, extra: Partial<UsagePoint> = {}): UsagePoint {
  return {
    at: new Date(t0 + minute * 60_000),
    ramUsedMb: 100,
    cpuPercent: 0,
    diskUsedMb: 500,
    netRxBytes: rx,
    netTxBytes: tx,
    ...extra,
  };
}

describe("counterDelta", () => {
  it("is the difference while the counter grows, and the new value after a reset", () => {
    expect(counterDelta(1000, 1500)).toBe(500);
    expect(counterDelta(1500, 1500)).toBe(0);
    expect(counterDelta(1500, 200)).toBe(200);
  });
});

describe("summarizeUsage", () => {
  it("counts network bytes across a counter reset", () => {
    const s = summarizeUsage({
      before: null,
      samples: [point(0, 1000, 100), point(1, 3000, 600), point(2, 500, 50), point(3, 1500, 250)],
    });
    // 2000 + 500 (reset: everything since the restart) + 1000 received; 500 + 50 + 200 sent.
    expect(s.network).toEqual({ rxBytes: 3500, txBytes: 750, counterResets: 1 });
  });

  it("counts from the last sample before the window when there is one", () => {
    const s = summarizeUsage({ before: point(-1, 400, 40), samples: [point(0, 1000, 100)] });
    expect(s.network).toEqual({ rxBytes: 600, txBytes: 60, counterResets: 0 });
    const reset = summarizeUsage({ before: point(-1, 5000, 40), samples: [point(0, 1000, 100)] });
    expect(reset.network).toEqual({ rxBytes: 1000, txBytes: 60, counterResets: 1 });
  });

  it("takes peak and average RAM, last and peak disk, and CPU time weighted by the interval", () => {
    const s = summarizeUsage({
      before: null,
      samples: [
        // Out of order on purpose: samples are sorted by time first.
        point(2, 0, 0, { ramUsedMb: 300, cpuPercent: 100, diskUsedMb: 700 }),
        point(0, 0, 0, { ramUsedMb: 100, cpuPercent: 10, diskUsedMb: 600 }),
        point(1, 0, 0, { ramUsedMb: 200, cpuPercent: 50, diskUsedMb: 800 }),
      ],
    });
    expect(s.sampleCount).toBe(3);
    expect(s.firstSampleAt?.getTime()).toBe(t0);
    expect(s.lastSampleAt?.getTime()).toBe(t0 + 120_000);
    expect(s.ram).toEqual({ peakMb: 300, averageMb: 200 });
    expect(s.disk).toEqual({ lastUsedMb: 700, peakMb: 800 });
    // 50 % of 60 s + 100 % of 60 s; the first sample has no interval of its own in the window.
    expect(s.cpu).toEqual({ averagePercent: 53.3, peakPercent: 100, cpuSeconds: 90 });
  });

  it("answers zeros for a window without samples", () => {
    const s = summarizeUsage({ before: point(-5, 10, 10), samples: [] });
    expect(s).toEqual({
      sampleCount: 0,
      firstSampleAt: null,
      lastSampleAt: null,
      network: { rxBytes: 0, txBytes: 0, counterResets: 0 },
      ram: { peakMb: 0, averageMb: 0 },
      disk: { lastUsedMb: null, peakMb: 0 },
      cpu: { averagePercent: 0, peakPercent: 0, cpuSeconds: 0 },
    });
  });
});
