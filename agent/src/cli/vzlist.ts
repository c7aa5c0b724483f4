import { readAllBeancounters } from "../beancounters/beancounters";
import type { ContainerStatus } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { reportError } from "./vzctl";

// vzlist(8): the classic table, -a (all), -S (stopped), -H (no header), -o fields, -s [-]field, -j (JSON), -1 (CTIDs).

type Row = Record<string, string | number | null>;
type Field = {
  header: string;
  width: number;
  right: boolean;
  get: (s: ContainerStatus, r: Row) => string | number | null;
};

const FIELDS: Record<string, Field> = {
  ctid: { header: "CTID", width: 10, right: true, get: (s) => s.ctid },
  veid: { header: "CTID", width: 10, right: true, get: (s) => s.ctid },
  nproc: { header: "NPROC", width: 10, right: true, get: (_s, r) => r.nproc ?? "-" },
  status: {
    header: "STATUS",
    width: 9,
    right: false,
    get: (s) => (s.running ? "running" : s.mounted ? "mounted" : "stopped"),
  },
  ip: { header: "IP_ADDR", width: 15, right: false, get: (s) => s.ips.join(" ") || "-" },
  hostname: { header: "HOSTNAME", width: 24, right: false, get: (s) => s.hostname ?? "-" },
  name: { header: "NAME", width: 12, right: false, get: (s) => s.name ?? "-" },
  description: { header: "DESCRIPTION", width: 20, right: false, get: (s) => s.config.DESCRIPTION || "-" },
  ostemplate: { header: "OSTEMPLATE", width: 28, right: false, get: (s) => s.ostemplate ?? "-" },
  onboot: { header: "ONBOOT", width: 6, right: false, get: (s) => (s.onboot ? "yes" : "no") },
  physpages: { header: "PHYSPAGES", width: 20, right: true, get: (s) => s.config.PHYSPAGES ?? "-" },
  swappages: { header: "SWAPPAGES", width: 20, right: true, get: (s) => s.config.SWAPPAGES ?? "-" },
  numproc: { header: "NUMPROC", width: 12, right: true, get: (s) => s.config.NUMPROC ?? "-" },
  diskspace: { header: "DQBLOCKS", width: 22, right: true, get: (s) => s.config.DISKSPACE ?? "-" },
  diskinodes: { header: "DQINODES", width: 22, right: true, get: (s) => s.config.DISKINODES ?? "-" },
  cpuunits: { header: "CPUUNITS", width: 8, right: true, get: (s) => s.config.CPUUNITS ?? "-" },
  cpulimit: { header: "CPULIM", width: 6, right: true, get: (s) => s.config.CPULIMIT ?? "-" },
  cpus: { header: "CPUS", width: 4, right: true, get: (s) => s.config.CPUS ?? "-" },
};

export async function vzlistMain(driver: LxcDriver, argv: string[]): Promise<number> {
  try {
    let showAll = false;
    let stoppedOnly = false;
    let header = true;
    let json = false;
    let idsOnly = false;
    let fields = ["ctid", "nproc", "status", "ip", "hostname"];
    let sort: string | null = null;
    const ids: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? "";
      if (a === "-a" || a === "--all") showAll = true;
      else if (a === "-S" || a === "--stopped") stoppedOnly = true;
      else if (a === "-H" || a === "--no-header") header = false;
      else if (a === "-j" || a === "--json") json = true;
      else if (a === "-1") idsOnly = true;
      else if (a === "-o" || a === "--output") fields = (argv[++i] ?? "").split(",").filter(Boolean);
      else if (a === "-s" || a === "--sort") sort = argv[++i] ?? null;
      else if (a === "-L" || a === "--list") {
        process.stdout.write(`${Object.keys(FIELDS).join("\n")}\n`);
        return 0;
      } else if (a.startsWith("-")) throw new AgentError("BAD_REQUEST", `Invalid option: ${a}`);
      else ids.push(a);
    }
    for (const f of fields) if (!FIELDS[f]) throw new AgentError("BAD_REQUEST", `Unknown field: ${f}`);
    let list = await driver.list();
    if (ids.length) {
      const wanted = new Set(await Promise.all(ids.map((x) => driver.resolveCtid(x))));
      list = list.filter((s) => wanted.has(s.ctid));
    } else if (stoppedOnly) list = list.filter((s) => !s.running);
    else if (!showAll) list = list.filter((s) => s.running);
    const bcs = new Map(
      (
        await readAllBeancounters(
          driver,
          list.filter((s) => s.running).map((s) => s.ctid),
        )
      ).map((b) => [b.ctid, b]),
    );
    const rows = list.map((s) => {
      const extra: Row = {
        nproc: bcs.get(s.ctid)?.counters.find((c) => c.resource === "numproc")?.held ?? (s.running ? 0 : "-"),
      };
      return { s, extra };
    });
    if (sort) {
      const desc = sort.startsWith("-");
      const f = FIELDS[sort.replace(/^-/, "")];
      if (!f) throw new AgentError("BAD_REQUEST", `Unknown sort field: ${sort}`);
      rows.sort((a, b) => {
        const x = f.get(a.s, a.extra);
        const y = f.get(b.s, b.extra);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return desc ? -c : c;
      });
    }
    if (json) {
      const out = rows.map(({ s, extra }) => ({
        ctid: s.ctid,
        status: s.running ? "running" : "stopped",
        mounted: s.mounted,
        name: s.name,
        hostname: s.hostname,
        ip: s.ips,
        ostemplate: s.ostemplate,
        onboot: s.onboot,
        numproc: extra.nproc,
        config: s.config,
      }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    if (idsOnly) {
      for (const { s } of rows) process.stdout.write(`${String(s.ctid).padStart(10)}\n`);
      return 0;
    }
    const cols = fields.map((f) => FIELDS[f] as Field);
    const cell = (f: Field, v: string) => (f.right ? v.padStart(f.width) : v.padEnd(f.width));
    const lines: string[] = [];
    if (header)
      lines.push(
        cols
          .map((f) => cell(f, f.header))
          .join(" ")
          .trimEnd(),
      );
    for (const { s, extra } of rows)
      lines.push(
        cols
          .map((f) => cell(f, String(f.get(s, extra) ?? "-")))
          .join(" ")
          .trimEnd(),
      );
    if (rows.length === 0 && header) process.stderr.write("Container(s) not found\n");
    process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
    return rows.length === 0 && ids.length ? 1 : 0;
  } catch (err) {
    return reportError(err);
  }
}
