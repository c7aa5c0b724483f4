/** A duration for the backup tables: "850 ms", "3.9 s", "—" when unknown. Plain module: server and client use it. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
