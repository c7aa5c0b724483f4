// A minimal ustar writer for tests: builds the hostile archives a template check must refuse.

export type TarSpec = {
  name: string;
  type?: "0" | "1" | "2" | "3" | "4" | "5" | "6" | "x";
  data?: string;
  linkName?: string;
  devMajor?: number;
  devMinor?: number;
  mode?: number;
};

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, "0")}\0`;
}

function header(e: TarSpec, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(e.name, 0, 100, "utf8");
  h.write(octal(e.mode ?? (e.type === "5" ? 0o755 : 0o644), 8), 100, "latin1");
  h.write(octal(0, 8), 108, "latin1");
  h.write(octal(0, 8), 116, "latin1");
  h.write(octal(size, 12), 124, "latin1");
  h.write(octal(0, 12), 136, "latin1");
  h.write("        ", 148, "latin1");
  h.write(e.type ?? "0", 156, "latin1");
  h.write(e.linkName ?? "", 157, 100, "utf8");
  h.write("ustar\0", 257, "latin1");
  h.write("00", 263, "latin1");
  h.write(octal(e.devMajor ?? 0, 8), 329, "latin1");
  h.write(octal(e.devMinor ?? 0, 8), 337, "latin1");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return h;
}

export function makeTar(entries: TarSpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? "", "utf8");
    parts.push(header(e, data.length));
    if (data.length) {
      parts.push(data);
      parts.push(Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A pax extended header with these records, followed by its entry. */
export function paxHeader(records: Record<string, string>, entry: TarSpec): TarSpec[] {
  const rec = (k: string, v: string) => {
    const body = ` ${k}=${v}\n`;
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    return `${len}${body}`;
  };
  const data = Object.entries(records)
    .map(([k, v]) => rec(k, v))
    .join("");
  return [{ name: "PaxHeader", type: "x", data }, entry];
}

/** A pax extended header that gives the next entry's path. */
export function paxPath(path: string, entry: TarSpec): TarSpec[] {
  return paxHeader({ path }, entry);
}

export const BASE: TarSpec[] = [
  { name: "./", type: "5" },
  { name: "./etc/", type: "5" },
  { name: "./etc/hostname", data: "localhost\n" },
  { name: "./bin/", type: "5" },
  { name: "./bin/sh", type: "2", linkName: "/bin/busybox" },
  { name: "./sbin/", type: "5" },
  { name: "./sbin/init", type: "2", linkName: "../bin/busybox" },
  { name: "./dev/", type: "5" },
  { name: "./dev/null", type: "3", devMajor: 1, devMinor: 3, mode: 0o666 },
  { name: "./etc/hostname.lnk", type: "1", linkName: "./etc/hostname" },
];

export const ATTACKS: { label: string; entries: TarSpec[]; bad: string }[] = [
  { label: "absolute path", entries: [...BASE, { name: "/etc/evil", data: "x" }], bad: "/etc/evil" },
  { label: "dot-dot", entries: [...BASE, { name: "../evil", data: "x" }], bad: "../evil" },
  {
    label: "inner dot-dot",
    entries: [...BASE, { name: "./etc/../../evil", data: "x" }],
    bad: "./etc/../../evil",
  },
  {
    label: "escaping symlink",
    entries: [...BASE, { name: "./esc", type: "2", linkName: "../../../../tmp" }],
    bad: "./esc",
  },
  {
    label: "write through a symlink",
    entries: [
      ...BASE,
      { name: "./inner", type: "2", linkName: "/etc" },
      { name: "./inner/passwd", data: "x" },
    ],
    bad: "./inner/passwd",
  },
  {
    label: "escaping hard link",
    entries: [...BASE, { name: "./h", type: "1", linkName: "../../etc/shadow" }],
    bad: "./h",
  },
  {
    label: "absolute hard link",
    entries: [...BASE, { name: "./h", type: "1", linkName: "/etc/shadow" }],
    bad: "./h",
  },
  {
    label: "hard link through a symlink",
    entries: [
      ...BASE,
      { name: "./inner", type: "2", linkName: "/etc" },
      { name: "./h", type: "1", linkName: "./inner/shadow" },
    ],
    bad: "./h",
  },
  {
    label: "block device",
    entries: [...BASE, { name: "./dev/sda", type: "4", devMajor: 8, devMinor: 0 }],
    bad: "./dev/sda",
  },
  {
    label: "kmem device",
    entries: [...BASE, { name: "./dev/mem", type: "3", devMajor: 1, devMinor: 1 }],
    bad: "./dev/mem",
  },
  {
    label: "pax path override",
    entries: [...BASE, ...paxPath("../../pax-evil", { name: "./innocent", data: "x" })],
    bad: "../../pax-evil",
  },
  {
    label: "negative pax size",
    entries: [...BASE, ...paxHeader({ size: "-512" }, { name: "./neg", data: "x" })],
    bad: "./neg",
  },
  {
    label: "unknown pax key",
    entries: [
      ...BASE,
      ...paxHeader({ path: "./sparse", "GNU.sparse.map": "0,1" }, { name: "./s", data: "x" }),
    ],
    bad: "./sparse",
  },
];
