import { z } from "zod";
import { parseSizeMb } from "./sizes";

// Plan input as the form sends it (strings in human units), turned into the Plan columns (MiB, counts).
// Field names are the form's, so a validation error names the field to fix.

/** The least RAM a container boots with here (systemd-based templates need more, but that is the admin's call). */
export const MIN_RAM_MB = 64;
/** The least disk image: a minimal template unpacked plus room to run. */
export const MIN_DISK_MB = 256;
const INT_MAX = 2 ** 31 - 1;

/** The limits of a plan as stored: sizes in MiB, null = unlimited. */
export type PlanValues = {
  ramMb: number;
  swapMb: number;
  numproc: number | null;
  cpuunits: number;
  cpulimit: number | null;
  cpus: number | null;
  diskspaceMb: number;
  diskspaceLimitMb: number;
  diskinodes: number | null;
  diskinodesLimit: number | null;
  numpty: number | null;
  numfile: number | null;
  bandwidthMbit: number | null;
};

/** Form values are strings; a REST client may send numbers. Missing means empty. */
const text = z.preprocess(
  (v) => (v === undefined || v === null ? "" : typeof v === "number" ? String(v) : v),
  z.string().trim(),
);

function size(label: string, options: { min: number; emptyAs?: number }) {
  return text.transform((v, ctx): number => {
    if (v === "") {
      if (options.emptyAs !== undefined) return options.emptyAs;
      ctx.addIssue({
        code: "custom",
        message: `${label} is required: write a size such as 512 MiB, 1.5 GiB or 10G.`,
      });
      return z.NEVER;
    }
    const parsed = parseSizeMb(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `${label}: ${parsed.message}` });
      return z.NEVER;
    }
    if (parsed.mb < options.min) {
      ctx.addIssue({ code: "custom", message: `${label} must be at least ${options.min} MiB.` });
      return z.NEVER;
    }
    return parsed.mb;
  });
}

/** An optional size given as empty-or-size, used for a limit that defaults to its barrier. */
const optionalSize = (label: string) =>
  text.transform((v, ctx): number | null => {
    if (v === "") return null;
    const parsed = parseSizeMb(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `${label}: ${parsed.message}` });
      return z.NEVER;
    }
    return parsed.mb;
  });

/**
 * A whole number in [min, max]. Empty (or "unlimited") is `emptyAs`: null (unlimited) unless given.
 * `suffix` is a unit the admin may type after the number ("%").
 */
function count(label: string, options: { min: number; max?: number; emptyAs?: number; suffix?: string }) {
  const max = options.max ?? INT_MAX;
  const range = `a whole number from ${options.min} to ${max}`;
  const orEmpty = options.emptyAs === undefined ? ", or empty for unlimited" : "";
  return text.transform((raw, ctx): number | null => {
    let v = raw;
    if (options.suffix && v.endsWith(options.suffix)) v = v.slice(0, -options.suffix.length).trim();
    if (v === "" || (options.emptyAs === undefined && v.toLowerCase() === "unlimited")) {
      return options.emptyAs ?? null;
    }
    if (!/^\d{1,10}$/.test(v) || Number(v) < options.min || Number(v) > max) {
      ctx.addIssue({ code: "custom", message: `${label} must be ${range}${orEmpty}.` });
      return z.NEVER;
    }
    return Number(v);
  });
}

/** vzctl config sample names: the plan becomes ve-<name>.conf-sample on the nodes. */
export const planNameSchema = text.pipe(
  z
    .string()
    .min(1, "Name is required: use lower-case letters, digits, '.', '_' or '-', e.g. basic or vps-2g.")
    .max(64, "Use at most 64 characters for the name.")
    .regex(
      /^[a-z0-9][a-z0-9._-]*$/,
      "Use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (the plan is saved as ve-<name>.conf-sample), e.g. vps-2g.",
    )
    .refine((v) => !v.includes(".."), "The name may not contain '..'."),
);

const descriptionSchema = text.pipe(
  z
    .string()
    .max(256, "Use at most 256 characters for the description.")
    .regex(
      // It ends up between double quotes in the config sample, like vzctl's DESCRIPTION.
      /^[^"\\`$\p{Cc}]*$/u,
      "The description may not contain quotes, backslashes, '$', '`' or line breaks.",
    ),
);

export const planInputSchema = z
  .object({
    name: planNameSchema,
    description: descriptionSchema,
    ram: size("RAM", { min: MIN_RAM_MB }),
    swap: size("Swap", { min: 0, emptyAs: 0 }),
    numproc: count("Processes (numproc)", { min: 16 }),
    cpuunits: count("CPU units", { min: 8, max: 500_000, emptyAs: 1000 }),
    cpulimit: count("CPU limit", { min: 1, max: 102_400, suffix: "%" }),
    cpus: count("CPUs", { min: 1, max: 1024 }),
    diskspace: size("Disk space", { min: MIN_DISK_MB }),
    diskspaceLimit: optionalSize("Disk space limit"),
    diskinodes: count("Inodes (barrier)", { min: 1000 }),
    diskinodesLimit: count("Inodes (limit)", { min: 1000 }),
    numpty: count("Terminals (numpty)", { min: 1 }),
    numfile: count("Open files (numfile)", { min: 64 }),
    bandwidth: count("Bandwidth", { min: 1, max: 1_000_000 }),
  })
  .superRefine((v, ctx) => {
    if (v.diskspaceLimit !== null && v.diskspaceLimit < v.diskspace) {
      ctx.addIssue({
        code: "custom",
        path: ["diskspaceLimit"],
        message: `Disk space limit must be ≥ barrier (${v.diskspace} MiB): raise the limit, or leave it empty to use the barrier.`,
      });
    }
    if (v.diskinodes === null && v.diskinodesLimit !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["diskinodes"],
        message: "Set the inode barrier too, or leave both inode fields empty for unlimited.",
      });
    }
    if (v.diskinodes !== null && v.diskinodesLimit !== null && v.diskinodesLimit < v.diskinodes) {
      ctx.addIssue({
        code: "custom",
        path: ["diskinodesLimit"],
        message: `Inode limit must be ≥ barrier (${v.diskinodes}): raise the limit, or leave it empty to use the barrier.`,
      });
    }
    if (v.cpus !== null && v.cpulimit !== null && v.cpulimit > v.cpus * 100) {
      ctx.addIssue({
        code: "custom",
        path: ["cpulimit"],
        message: `CPU limit ${v.cpulimit}% is more than ${v.cpus} CPU(s) can give (${v.cpus * 100}%): lower the limit or raise CPUs.`,
      });
    }
  })
  .transform((v): PlanValues & { name: string; description: string } => ({
    name: v.name,
    description: v.description,
    ramMb: v.ram,
    swapMb: v.swap,
    numproc: v.numproc,
    cpuunits: v.cpuunits ?? 1000,
    cpulimit: v.cpulimit,
    cpus: v.cpus,
    diskspaceMb: v.diskspace,
    diskspaceLimitMb: v.diskspaceLimit ?? v.diskspace,
    diskinodes: v.diskinodes,
    diskinodesLimit: v.diskinodes === null ? null : (v.diskinodesLimit ?? v.diskinodes),
    numpty: v.numpty,
    numfile: v.numfile,
    bandwidthMbit: v.bandwidth,
  }));

export type PlanInput = z.output<typeof planInputSchema>;

/** The form's field names, in the order the form shows them. */
export type PlanFormField = keyof z.input<typeof planInputSchema>;

export const idSchema = z.string().trim().min(1).max(64);

export const splitInputSchema = z.object({
  nodeId: z.string().min(1, "Choose the node to split."),
  count: z.coerce
    .number({ error: "Number of containers must be a whole number from 1 to 10000." })
    .int("Number of containers must be a whole number from 1 to 10000.")
    .min(1, "Number of containers must be a whole number from 1 to 10000.")
    .max(10_000, "Number of containers must be a whole number from 1 to 10000."),
});

export const applyPlanInputSchema = z.object({
  containerIds: z
    .array(idSchema)
    .min(1, "Select at least one container to apply the plan to.")
    .max(1000, "Apply to at most 1000 containers at once."),
});
