// The destination runs `rsync --server` with arguments the source's rsync chose. Those arguments arrive over
// the network, so they are checked against exactly what our own client sends (rsync.ts) and rebuilt from the
// allowlist; anything else is refused. In particular: no --sender (the destination never sends files), no
// option naming another path (--temp-dir, --backup-dir, --log-file, --files-from, --partial-dir), no
// --remove-source-files, and the destination is always "." = the container's directory, set as the working
// directory by the receiver. The program runs with an argument array; no shell is involved anywhere.

/** Short flags our client uses (rsync -aHAXS), as rsync packs them for the server. */
const SHORT_FLAGS = /^-([lHogDtpAXrS]+)e\.([A-Za-z]{1,32})$/;
const LONG_OPTIONS = new Set(["--delete", "--numeric-ids", "--inplace", "--stats"]);

export type RsyncArgsCheck = { ok: true; args: string[] } | { ok: false; reason: string };

/** `args` are the words after the program name ("rsync"), as rsync passes them to its remote shell. */
export function checkRsyncServerArgs(args: unknown): RsyncArgsCheck {
  if (!Array.isArray(args) || args.length < 4 || args.length > 12)
    return { ok: false, reason: "rsync arguments: wrong count" };
  if (!args.every((a): a is string => typeof a === "string" && a.length <= 64))
    return { ok: false, reason: "rsync arguments: not strings" };
  const [server, flags, ...rest] = args;
  if (server !== "--server") return { ok: false, reason: "rsync arguments: must start with --server" };
  if (!flags || !SHORT_FLAGS.test(flags)) return { ok: false, reason: `rsync flags not allowed: ${flags}` };
  const dot2 = rest.pop();
  const dot1 = rest.pop();
  if (dot1 !== "." || dot2 !== ".")
    return { ok: false, reason: "rsync arguments: the destination must be '.' (the container's directory)" };
  const seen = new Set<string>();
  for (const o of rest) {
    if (!LONG_OPTIONS.has(o)) return { ok: false, reason: `rsync option not allowed: ${o}` };
    if (seen.has(o)) return { ok: false, reason: `rsync option repeated: ${o}` };
    seen.add(o);
  }
  return { ok: true, args: ["--server", flags, ...rest, ".", "."] };
}

/** Client-side rsync flags; the server side of these is what checkRsyncServerArgs accepts. */
export const RSYNC_CLIENT_FLAGS = ["-aHAXS", "--numeric-ids", "--delete", "--inplace", "--stats"];
