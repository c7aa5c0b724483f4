import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { parseSizeMb } from "../plans/sizes";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedContainer } from "./get-container";

const optionalCount = z
  .union([z.literal(""), z.coerce.number().int("Use a whole number.").min(1, "Use 1 or more.")])
  .optional()
  .transform((v) => (v === "" || v === undefined ? undefined : v));

export const setLimitsSchema = z.object({
  ram: z.string().trim().max(32).optional(),
  swap: z.string().trim().max(32).optional(),
  numproc: optionalCount,
  cpus: optionalCount,
  cpulimit: optionalCount,
  /** "now": the running container only (not saved); "save": applied live and saved. */
  mode: z.enum(["now", "save"], "Choose apply now or apply and save."),
});

/**
 * Queues a live limit change (cgroups, no restart). "now" needs a running container and is not saved, as
 * `vzctl set` without --save; "save" also persists it on the node and in the panel. Tenant RAM caps hold.
 */
export async function setContainerLimits(options: {
  actor: Actor;
  containerId: string;
  input: unknown;
  ip?: string;
}) {
  const c = await getAuthorizedContainer({
    actor: options.actor,
    containerId: options.containerId,
    action: "container.set-limits",
  });
  const input = parseInput(setLimitsSchema, options.input);
  const limits: Record<string, number> = {};
  for (const key of ["ram", "swap"] as const) {
    const raw = input[key];
    if (raw) {
      const size = parseSizeMb(raw);
      if (!size.ok) throw new AppError("VALIDATION", size.message, { field: key });
      limits[`${key}Mb`] = size.mb;
    }
  }
  if (limits.ramMb !== undefined && limits.ramMb < 64)
    throw new AppError("VALIDATION", "RAM must be at least 64 MiB.", { field: "ram" });
  if (input.numproc !== undefined) limits.numproc = input.numproc;
  if (input.cpus !== undefined) limits.cpus = input.cpus;
  if (input.cpulimit !== undefined) limits.cpulimit = input.cpulimit;
  if (Object.keys(limits).length === 0)
    throw new AppError("VALIDATION", "Change at least one limit.", { field: "ram" });
  if (input.mode === "now" && c.status !== "RUNNING") {
    throw new AppError(
      "CONFLICT",
      'Container is not running: "apply now" changes a running container only. Use "apply and save".',
      {
        reason: "not-running",
      },
    );
  }
  if (limits.ramMb !== undefined && input.mode === "save") await assertRamCap(c.tenantId, c.id, limits.ramMb);
  return enqueueTask({
    actor: options.actor,
    type: "container.set-limits",
    containerId: c.id,
    nodeId: c.nodeId,
    tenantId: c.tenantId,
    ip: options.ip,
    input: { ctid: c.ctid, hostname: c.hostname, limits, save: input.mode === "save" },
  });
}

async function assertRamCap(tenantId: string, containerId: string, ramMb: number): Promise<void> {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { name: true, maxRamMb: true },
  });
  if (!tenant || tenant.maxRamMb === null) return;
  const others = await db.container.aggregate({
    where: { tenantId, id: { not: containerId } },
    _sum: { ramMb: true },
  });
  if ((others._sum.ramMb ?? 0) + ramMb > tenant.maxRamMb) {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} would exceed its RAM cap of ${tenant.maxRamMb} MiB.`,
      { field: "ram", reason: "tenant-cap" },
    );
  }
}
