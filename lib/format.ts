// Human units for the UI. Sizes in the data model are MiB; template sizes are bytes.

export function formatMb(mb: number | null | undefined): string {
  if (mb === null || mb === undefined) return "unlimited";
  if (mb >= 1024 * 1024) return `${+(mb / 1024 / 1024).toFixed(1)} TiB`;
  if (mb >= 1024) return `${+(mb / 1024).toFixed(1)} GiB`;
  return `${mb} MiB`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${+value.toFixed(1)} ${units[unit]}`;
}

export function formatDateTime(date: Date | null | undefined, locale: string): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}
