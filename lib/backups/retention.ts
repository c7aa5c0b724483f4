// Which scheduled backups a schedule's retention keeps: the newest backup of each of the last `keepDaily`
// days that have one, and the newest of each of the last `keepWeekly` ISO weeks that have one (a backup can
// count for both). Everything else is pruned. Pure, so it is tested without a database.

export type RetainedBackup = { id: string; createdAt: Date };

function dayKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 week, e.g. "2026-W48" (weeks start on Monday, week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

function newestPerPeriod(backups: RetainedBackup[], key: (d: Date) => string, keep: number): Set<string> {
  const kept = new Set<string>();
  const seen = new Set<string>();
  for (const b of backups) {
    if (seen.size >= keep) break;
    const k = key(b.createdAt);
    if (seen.has(k)) continue;
    seen.add(k);
    kept.add(b.id);
  }
  return kept;
}

/** The ids to delete, newest first order not guaranteed. */
export function selectBackupsToPrune(
  backups: RetainedBackup[],
  policy: { keepDaily: number; keepWeekly: number },
): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set([
    ...newestPerPeriod(newestFirst, dayKey, policy.keepDaily),
    ...newestPerPeriod(newestFirst, isoWeekKey, policy.keepWeekly),
  ]);
  return newestFirst.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
