// Billing figures from a container's usage samples (lib/nodes/sample-node-usage.ts takes one a minute
// while it runs). Pure: the query is lib/containers/get-container-usage.ts.

export type UsagePoint = {
  at: Date;
  ramUsedMb: number;
  cpuPercent: number; // of one CPU, averaged since the previous sample
  diskUsedMb: number;
  netRxBytes: number; // counters since the container last started
  netTxBytes: number;
};

export type UsageSummary = {
  sampleCount: number;
  firstSampleAt: Date | null;
  lastSampleAt: Date | null;
  network: { rxBytes: number; txBytes: number; counterResets: number };
  ram: { peakMb: number; averageMb: number };
  disk: { lastUsedMb: number | null; peakMb: number };
  cpu: { averagePercent: number; peakPercent: number; cpuSeconds: number };
};

/**
 * Bytes a counter moved between two readings. A counter lower than before was reset (the container
 * restarted and its interfaces were made anew), so everything it shows was counted since the reset.
 * A restart followed by more traffic than before within one sample interval cannot be seen and is
 * undercounted by the bytes before the restart: at one sample a minute that is at most a minute of traffic.
 */
export function counterDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Sums the window's samples. `before` is the last sample before the window, if any: the network counters
 * and CPU time of the first sample in the window are counted from it. Without it the first sample only
 * starts the count (its counters may include traffic from before the window).
 * Averages are over samples (taken at a steady rate); CPU seconds weigh each sample's percentage by the
 * time since the previous one.
 */
export function summarizeUsage(options: { samples: UsagePoint[]; before: UsagePoint | null }): UsageSummary {
  const samples = [...options.samples].sort((a, b) => a.at.getTime() - b.at.getTime());
  let previous = options.before;
  let rx = 0;
  let tx = 0;
  let resets = 0;
  let cpuSeconds = 0;
  let ramSum = 0;
  let cpuSum = 0;
  let ramPeak = 0;
  let cpuPeak = 0;
  let diskPeak = 0;
  for (const s of samples) {
    if (previous) {
      rx += counterDelta(previous.netRxBytes, s.netRxBytes);
      tx += counterDelta(previous.netTxBytes, s.netTxBytes);
      if (s.netRxBytes < previous.netRxBytes || s.netTxBytes < previous.netTxBytes) resets++;
      const seconds = (s.at.getTime() - previous.at.getTime()) / 1000;
      if (seconds > 0) cpuSeconds += (s.cpuPercent / 100) * seconds;
    }
    ramSum += s.ramUsedMb;
    cpuSum += s.cpuPercent;
    ramPeak = Math.max(ramPeak, s.ramUsedMb);
    cpuPeak = Math.max(cpuPeak, s.cpuPercent);
    diskPeak = Math.max(diskPeak, s.diskUsedMb);
    previous = s;
  }
  const n = samples.length;
  const last = samples[n - 1];
  return {
    sampleCount: n,
    firstSampleAt: samples[0]?.at ?? null,
    lastSampleAt: last?.at ?? null,
    network: { rxBytes: Math.round(rx), txBytes: Math.round(tx), counterResets: resets },
    ram: { peakMb: round1(ramPeak), averageMb: n ? round1(ramSum / n) : 0 },
    disk: { lastUsedMb: last ? round1(last.diskUsedMb) : null, peakMb: round1(diskPeak) },
    cpu: {
      averagePercent: n ? round1(cpuSum / n) : 0,
      peakPercent: round1(cpuPeak),
      cpuSeconds: Math.round(cpuSeconds),
    },
  };
}
