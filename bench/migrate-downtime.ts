// Near-live migration downtime (vzmigrate --online): a container holding 1 GiB of data (256 files of 4 MiB)
// and a small delta written while it moves (a counter line every 10 ms, 4 KiB appended every 10 ms) is
// migrated between two agents on this machine (separate data dirs, lxcpaths, ports, node ids and keys) by
// the signed container.migrate command, back and forth. Downtime is what the source agent measures (freeze
// on the source → running on the destination) and what the counter inside saw (the largest gap between two
// of its lines, in /proc/uptime's 10 ms steps). Goal: <= 2 s. Run as root from the repo root:
//   bench/migrate-downtime [migrations=4] [data-MiB=1024]
// Prints figures; it is not a test.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  cleanupNode,
  makeContainer,
  makeNode,
  migrate,
  startNode,
  type TestNode,
  vz,
} from "../agent/test/migration-helpers";

const N = Number(process.argv[2] ?? 4);
const DATA_MIB = Number(process.argv[3] ?? 1024);
const CT = 390;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const a = await makeNode("node-bench-a", "vba");
const b = await makeNode("node-bench-b", "vbb");
try {
  await startNode(a);
  await startNode(b);
  await makeContainer(a, CT, { ip: "10.231.252.10", diskspace: `${DATA_MIB + 512}M`, start: false });
  await vz(a, ["mount", String(CT)]);
  const root = path.join(a.t.dir, "root", String(CT));
  const t0 = performance.now();
  await fs.mkdir(path.join(root, "srv", "data"), { recursive: true });
  for (let i = 0; i < DATA_MIB / 4; i++)
    await fs.writeFile(
      path.join(root, "srv", "data", `f${String(i).padStart(4, "0")}.bin`),
      randomBytes(4 << 20),
    );
  await fs.writeFile(
    path.join(root, "root", "writer.sh"),
    [
      "#!/bin/sh",
      "n=$(tail -n 1 /root/counter 2>/dev/null | cut -d ' ' -f 1)",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, not a template
      "n=${n:-0}",
      "while true; do",
      "  n=$((n + 1))",
      "  read up rest < /proc/uptime",
      '  echo "$n $up" >> /root/counter',
      "  head -c 4096 /dev/urandom >> /root/delta.log",
      "  usleep 10000",
      "done",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  await fs.appendFile(path.join(root, "etc", "inittab"), "::respawn:/root/writer.sh\n");
  await vz(a, ["umount", String(CT)]);
  await vz(a, ["start", String(CT)]);
  process.stdout.write(
    `container ${CT}: ${DATA_MIB} MiB written in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  await new Promise((r) => setTimeout(r, 2000));

  const rows: { dir: string; downtimeMs: number; gapMs: number; totalMs: number; passes: string }[] = [];
  let from: TestNode = a;
  let to: TestNode = b;
  for (let i = 0; i < N; i++) {
    const op = await migrate(from, to, CT, { mode: "online" });
    if (op.status !== "succeeded")
      throw new Error(
        `migration ${i + 1} failed: ${op.error?.message}\n${op.log.map((l) => l.line).join("\n")}`,
      );
    const r = op.result as {
      downtimeMs: number;
      totalMs: number;
      passes: { sentBytes: number; fileBytes: number; ms: number }[];
    };
    await new Promise((res) => setTimeout(res, 1500));
    const text = await fs.readFile(path.join(to.t.dir, "root", String(CT), "root", "counter"), "utf8");
    const lines = text.trim().split("\n").slice(-600);
    let gap = 0;
    for (let j = 1; j < lines.length; j++) {
      const t1 = Number(lines[j]?.split(" ")[1]);
      const t0b = Number(lines[j - 1]?.split(" ")[1]);
      gap = Math.max(gap, t1 - t0b);
    }
    rows.push({
      dir: `${from.nodeId.slice(-1)}→${to.nodeId.slice(-1)}`,
      downtimeMs: r.downtimeMs,
      gapMs: Math.round(gap * 1000),
      totalMs: r.totalMs,
      passes: r.passes.map((p) => `${(p.sentBytes / 1048576).toFixed(1)}MiB/${p.ms}ms`).join(" "),
    });
    const last = rows[rows.length - 1];
    process.stdout.write(
      `migration ${i + 1} ${last?.dir}: downtime ${last?.downtimeMs} ms (counter gap ${last?.gapMs} ms), total ${(r.totalMs / 1000).toFixed(1)} s, passes ${last?.passes}\n`,
    );
    [from, to] = [to, from];
  }
  const d = rows.map((r) => r.downtimeMs);
  const g = rows.map((r) => r.gapMs);
  process.stdout.write(
    `\nnear-live migration of ${DATA_MIB} MiB, small delta, ${N} runs: downtime median ${median(d)} ms, max ${Math.max(...d)} ms (counter gap median ${median(g)} ms, max ${Math.max(...g)} ms); goal <= 2000 ms: ${Math.max(...d) <= 2000 ? "met" : "NOT met"}\n`,
  );
} finally {
  await cleanupNode(a);
  await cleanupNode(b);
}
