import { z } from "zod";
import { hostnameSchema, ipWithPrefixSchema, passwordSchema, userNameSchema } from "../../protocol/fields";
import { PAGE_SIZE, parseBarrierLimit, parseValue, SizeSyntaxError } from "../../protocol/sizes";
import type { SetParams } from "../driver/container-driver";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError, VZ } from "../errors";

// vzctl(8) on the agent's driver: same commands, options, messages and exit codes.

const USAGE = `Usage: vzctl [options] <command> <ctid> [parameters]
vzctl create <ctid> --ostemplate <name> [--conf <name>] [--ipadd <addr>] [--hostname <name>] [--name <name>]
vzctl start|stop|restart|status|mount|umount|destroy|delete|suspend|resume <ctid> [--fast]
vzctl exec|exec2 <ctid> <command> [arg ...]
vzctl enter <ctid>
vzctl set <ctid> [--save] [--hostname <name>] [--nameserver <addr>] [--searchdomain <name>]
   [--userpasswd <user>:<passwd>] [--ipadd <addr>] [--ipdel <addr>|all] [--name <name>] [--description <text>]
   [--ram <bytes>] [--swap <bytes>] [--physpages <p>[:<p>]] [--swappages <p>[:<p>]] [--numproc <n>[:<n>]]
   [--cpuunits <n>] [--cpulimit <n>[%]] [--cpus <n>] [--diskspace <kb>[:<kb>]] [--diskinodes <n>[:<n>]]
   [--onboot yes|no] [--applyconfig <name>]
Sizes take K, M, G, T suffixes; "unlimited" is accepted for limits.`;

/** Options that take a value; the rest are flags. Several may be repeated. */
const VALUE_OPTS = new Set([
  "ostemplate",
  "conf",
  "config",
  "ipadd",
  "ipdel",
  "hostname",
  "name",
  "nameserver",
  "searchdomain",
  "userpasswd",
  "diskspace",
  "diskinodes",
  "ram",
  "swap",
  "physpages",
  "swappages",
  "numproc",
  "cpuunits",
  "cpulimit",
  "cpus",
  "onboot",
  "description",
  "applyconfig",
  "kmemsize",
  "privvmpages",
  "numfile",
  "numpty",
  "timeout",
]);
const FLAG_OPTS = new Set([
  "save",
  "fast",
  "force",
  "wait",
  "skiplock",
  "quiet",
  "verbose",
  "setmode",
  "skip-remount",
]);

export type ParsedOpts = { values: Map<string, string[]>; flags: Set<string>; rest: string[] };

export function parseOptions(args: string[]): ParsedOpts {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (!a.startsWith("--")) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const key = a.slice(2, eq === -1 ? undefined : eq);
    if (FLAG_OPTS.has(key)) {
      flags.add(key);
      continue;
    }
    if (!VALUE_OPTS.has(key)) throw new AgentError("BAD_REQUEST", `Invalid option: ${a}`);
    let v: string | undefined;
    if (eq !== -1) v = a.slice(eq + 1);
    else v = args[++i];
    if (v === undefined) throw new AgentError("BAD_REQUEST", `Option --${key} requires a value`);
    const list = values.get(key) ?? [];
    list.push(v);
    values.set(key, list);
  }
  return { values, flags, rest };
}

const last = (o: ParsedOpts, k: string) => o.values.get(k)?.at(-1);
const all = (o: ParsedOpts, k: string) => o.values.get(k) ?? [];
const words = (o: ParsedOpts, k: string) => all(o, k).flatMap((v) => v.split(/[\s,]+/).filter(Boolean));

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new AgentError(
      "BAD_REQUEST",
      `Invalid value for ${what}: ${JSON.stringify(value)}: ${r.error.issues[0]?.message ?? "invalid"}`,
    );
  return r.data;
}

function size(fn: () => number | { barrier: number; limit: number }, what: string) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SizeSyntaxError)
      throw new AgentError("BAD_REQUEST", `Invalid value for --${what}: ${err.message}`);
    throw err;
  }
}

export function setParamsFromOptions(o: ParsedOpts): SetParams {
  const p: SetParams = {};
  const hostname = last(o, "hostname");
  if (hostname !== undefined) p.hostname = check(hostnameSchema, hostname, "--hostname");
  if (o.values.has("nameserver"))
    p.nameserver = words(o, "nameserver").map((ip) => check(ipWithPrefixSchema, ip, "--nameserver"));
  if (o.values.has("searchdomain"))
    p.searchdomain = words(o, "searchdomain").map((d) => check(hostnameSchema, d, "--searchdomain"));
  if (o.values.has("userpasswd")) {
    p.userpasswd = all(o, "userpasswd").map((v) => {
      const i = v.indexOf(":");
      if (i <= 0)
        throw new AgentError("BAD_REQUEST", "Invalid value for --userpasswd: expected user:password");
      return {
        user: check(userNameSchema, v.slice(0, i), "--userpasswd user"),
        password: check(passwordSchema, v.slice(i + 1), "--userpasswd password"),
      };
    });
  }
  if (o.values.has("ipadd"))
    p.ipadd = words(o, "ipadd").map((ip) => check(ipWithPrefixSchema, ip, "--ipadd"));
  if (o.values.has("ipdel")) {
    const del = words(o, "ipdel");
    p.ipdel = del.includes("all") ? "all" : del.map((ip) => check(ipWithPrefixSchema, ip, "--ipdel"));
  }
  const name = last(o, "name");
  if (name !== undefined) p.name = name;
  const description = last(o, "description");
  if (description !== undefined) p.description = description;
  const onboot = last(o, "onboot");
  if (onboot !== undefined) {
    if (onboot !== "yes" && onboot !== "no")
      throw new AgentError("BAD_REQUEST", "Invalid value for --onboot: yes or no");
    p.onboot = onboot === "yes";
  }
  const ram = last(o, "ram");
  if (ram !== undefined)
    p.physpages = { barrier: 0, limit: size(() => parseValue(ram, PAGE_SIZE), "ram") as number };
  const swap = last(o, "swap");
  if (swap !== undefined)
    p.swappages = { barrier: 0, limit: size(() => parseValue(swap, PAGE_SIZE), "swap") as number };
  const bl = (k: string, unit: number) => {
    const v = last(o, k);
    return v === undefined
      ? undefined
      : (size(() => parseBarrierLimit(v, unit), k) as { barrier: number; limit: number });
  };
  p.physpages = bl("physpages", PAGE_SIZE) ?? p.physpages;
  p.swappages = bl("swappages", PAGE_SIZE) ?? p.swappages;
  p.numproc = bl("numproc", 1);
  p.diskspace = bl("diskspace", 1024);
  p.diskinodes = bl("diskinodes", 1);
  const cpuunits = last(o, "cpuunits");
  if (cpuunits !== undefined) p.cpuunits = size(() => parseValue(cpuunits, 1), "cpuunits") as number;
  const cpulimit = last(o, "cpulimit");
  if (cpulimit !== undefined)
    p.cpulimit = size(() => parseValue(cpulimit.replace(/%$/, ""), 1), "cpulimit") as number;
  const cpus = last(o, "cpus");
  if (cpus !== undefined) p.cpus = size(() => parseValue(cpus, 1), "cpus") as number;
  const applyconfig = last(o, "applyconfig");
  if (applyconfig !== undefined) p.applyconfig = applyconfig;
  for (const k of Object.keys(p) as (keyof SetParams)[]) if (p[k] === undefined) delete p[k];
  return p;
}

export async function vzctlMain(driver: LxcDriver, argv: string[]): Promise<number> {
  const out = (l: string) => process.stdout.write(`${l}\n`);
  const args = argv.filter((a) => a !== "--quiet" && a !== "--verbose");
  const [command, id, ...restArgs] = args;
  if (!command || command === "--help" || command === "help") {
    out(USAGE);
    return command ? 0 : VZ.INVALID_PARAMETER_SYNTAX;
  }
  if (!id) {
    process.stderr.write(`${USAGE}\n`);
    return VZ.INVALID_PARAMETER_SYNTAX;
  }
  try {
    await driver.init();
    if (command === "create") {
      const ctid = await driver.resolveCtid(id);
      const o = parseOptions(restArgs);
      const ostemplate = last(o, "ostemplate");
      if (!ostemplate) throw new AgentError("NO_OSTEMPLATE", "OS template is not specified (--ostemplate)");
      const p = setParamsFromOptions(o);
      await driver.create(
        ctid,
        {
          ostemplate,
          config: last(o, "config") ?? last(o, "conf"),
          ipadd: p.ipadd,
          hostname: p.hostname,
          name: p.name,
          diskspace: p.diskspace,
          diskinodes: p.diskinodes,
        },
        out,
      );
      return 0;
    }
    const ctid = await driver.resolveCtid(id);
    switch (command) {
      case "start":
        await driver.start(ctid, out);
        return 0;
      case "stop": {
        const o = parseOptions(restArgs);
        const t = last(o, "timeout");
        await driver.stop(ctid, { fast: o.flags.has("fast"), timeoutSec: t ? Number(t) : undefined }, out);
        return 0;
      }
      case "restart":
        await driver.restart(ctid, out);
        return 0;
      case "destroy":
      case "delete":
        await driver.destroy(ctid, out);
        return 0;
      case "status": {
        const s = await driver.status(ctid);
        out(
          `CTID ${ctid} ${s.exists ? "exist" : "deleted"} ${s.mounted ? "mounted" : "unmounted"} ${s.running ? "running" : "down"}`,
        );
        return 0;
      }
      case "mount":
        await driver.mount(ctid, out);
        return 0;
      case "umount":
        await driver.umount(ctid, out);
        return 0;
      case "suspend":
      case "chkpnt":
        await driver.suspend(ctid, out);
        return 0;
      case "resume":
      case "restore":
        await driver.resume(ctid, out);
        return 0;
      case "enter":
        return await driver.enter(ctid);
      case "exec":
      case "exec2": {
        if (restArgs.length === 0) throw new AgentError("BAD_REQUEST", "No command given");
        // As vzctl: the arguments form one command line for the container's own shell.
        const code = await driver.execInteractive(ctid, ["/bin/sh", "-c", restArgs.join(" ")]);
        if (command === "exec2") return code;
        return code === 0 ? 0 : VZ.COMMAND_EXECUTION_ERROR;
      }
      case "set": {
        const o = parseOptions(restArgs);
        if (o.rest.length) throw new AgentError("BAD_REQUEST", `Invalid argument: ${o.rest[0]}`);
        const p = setParamsFromOptions(o);
        if (Object.keys(p).length === 0) throw new AgentError("BAD_REQUEST", "Nothing to set");
        await driver.set(ctid, p, o.flags.has("save"), out);
        return 0;
      }
      default:
        process.stderr.write(`Invalid action: ${command}\n${USAGE}\n`);
        return VZ.INVALID_PARAMETER_SYNTAX;
    }
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof AgentError) {
    process.stderr.write(`${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof z.ZodError) {
    process.stderr.write(`Invalid parameter: ${err.issues[0]?.message ?? "invalid"}\n`);
    return VZ.INVALID_PARAMETER_VALUE;
  }
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  return VZ.SYSTEM_ERROR;
}
