// Bytes sent so far through each signed download link, so the transfer task can show a progress bar while
// the agent downloads (the agent itself reports only the end). Kept on globalThis: the route handler runs
// in Next's bundle and the task worker in server.ts's module graph, two copies of this module in one
// process. With several panel instances the download may hit another one; the bar then just jumps at
// the end, which is all this is for.

type Progress = { sent: number; total: number; at: number };

const KEY = Symbol.for("berth.templateDownloadProgress");
const holder = globalThis as { [KEY]?: Map<string, Progress> };
holder[KEY] ??= new Map<string, Progress>();
const store = holder[KEY];

/** Entries older than this are dropped (the link itself lives 15 minutes). */
const KEEP_MS = 30 * 60 * 1000;

export function recordDownloadProgress(linkSig: string, sent: number, total: number): void {
  const now = Date.now();
  store.set(linkSig, { sent, total, at: now });
  if (store.size > 100) {
    for (const [k, v] of store) if (now - v.at > KEEP_MS) store.delete(k);
  }
}

export function readDownloadProgress(linkSig: string): Progress | undefined {
  return store.get(linkSig);
}
