import "server-only";
import type { Actor } from "../auth/actor";
import { allocateCtid, isCtidRace } from "../containers/allocate-ctid";
import { assertTenantCaps } from "../containers/assert-tenant-caps";
import { chooseNode } from "../containers/choose-node";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import type { Prisma } from "../generated/prisma/client";
import { allocateIpAddress } from "../ip-pools/allocate-ip-address";
import { containerValuesOfPlan } from "../plans/container-values-of-plan";
import { enqueueTask } from "../tasks/enqueue-task";
import { getAuthorizedBackup } from "./get-backup";
import { restoreBackupAsNewInputSchema } from "./schemas";

const MAX_CTID_ATTEMPTS = 5;

type Input = ReturnType<typeof restoreBackupAsNewInputSchema.parse>;
type Backup = Awaited<ReturnType<typeof getAuthorizedBackup>>;

/**
 * Restores a backup as a new container: of the backup's tenant, on the node chosen, with a CTID free there
 * (the next one by default, allocated as container creation does), addresses newly allocated from a pool the
 * node serves (the backup's may be in use by now) and the backup's host name unless another is given. It also
 * serves a backup whose container was destroyed ("restore a deleted VPS"). The Container row (CREATING) and
 * its addresses land in one transaction with the backup.restore task, which ships the archive to the node if
 * needed and runs vzrestore to the new CTID without the archive's addresses; a failed task removes the row
 * and returns the addresses.
 *
 * Admins only (backup.restore-new): it makes a container, which customers cannot do (container.create), and
 * its placement, plan and addresses are the provider's choice. A customer restores over their own container.
 */
export async function restoreBackupAsNew(options: {
  actor: Actor;
  backupId: string;
  input: unknown;
  ip?: string;
}) {
  const b = await getAuthorizedBackup({
    actor: options.actor,
    backupId: options.backupId,
    action: "backup.restore-new",
  });
  const input = parseInput(restoreBackupAsNewInputSchema, options.input ?? {});
  if (b.status !== "SUCCEEDED" || !b.archive || !b.sha256)
    throw new AppError("CONFLICT", "Only a finished backup can be restored. Choose another backup.");
  const hostname = input.hostname ?? b.hostname;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => restoreInTransaction(tx, options, b, input, hostname));
    } catch (err) {
      if (isCtidRace(err) && input.ctid === null && attempt < MAX_CTID_ATTEMPTS) continue;
      if (isCtidRace(err))
        throw new AppError("CONFLICT", `CTID ${input.ctid} was just taken on that node. Choose another.`, {
          field: "ctid",
          reason: "ctid-taken",
        });
      if (isUniqueViolation(err))
        throw new AppError(
          "CONFLICT",
          `The tenant already has a container named ${hostname}. Enter another host name for the restored container.`,
          { field: "hostname", reason: "hostname-taken" },
        );
      throw err;
    }
  }
}

async function restoreInTransaction(
  tx: Prisma.TransactionClient,
  options: { actor: Actor; ip?: string },
  b: Backup,
  input: Input,
  hostname: string,
) {
  // Tenant row first (a no-op write), as create does: concurrent creates for one tenant check caps in turn.
  await tx.tenant.updateMany({ where: { id: b.tenantId }, data: { updatedAt: new Date() } });
  // One query at a time: a transaction is one connection, and pg (from 9.0) refuses overlapping queries on it.
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: b.tenantId },
    select: { id: true, name: true, status: true, maxContainers: true, maxRamMb: true, maxDiskMb: true },
  });
  const source = b.containerId
    ? await tx.container.findUnique({
        where: { id: b.containerId },
        select: { planId: true, templateId: true },
      })
    : null;
  if (tenant.status !== "ACTIVE")
    throw new AppError(
      "CONFLICT",
      `Tenant ${tenant.name} is suspended. Unsuspend it before restoring its backups as new containers.`,
      { reason: "tenant-suspended" },
    );
  const planId = input.planId || source?.planId;
  if (!planId)
    throw new AppError(
      "VALIDATION",
      "The backup's container no longer exists (or had no plan): choose the plan the restored container gets.",
      { field: "planId" },
    );
  const plan = await tx.plan.findUnique({ where: { id: planId } });
  if (!plan)
    throw new AppError("VALIDATION", "That plan does not exist. Choose one from the list.", {
      field: "planId",
    });
  const taken = await tx.container.findFirst({
    where: { tenantId: tenant.id, hostname },
    select: { ctid: true },
  });
  if (taken)
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} already has a container named ${hostname} (CTID ${taken.ctid}). Enter another host name for the restored container.`,
      { field: "hostname", reason: "hostname-taken" },
    );
  await assertTenantCaps(tx, tenant, plan.ramMb, plan.diskspaceLimitMb);
  const node = await chooseNode(tx, {
    nodeId: input.nodeId,
    ramMb: plan.ramMb,
    diskMb: plan.diskspaceLimitMb,
  });
  const pools = await tx.ipPoolNode.count({ where: { nodeId: node.id } });
  if (pools === 0)
    throw new AppError(
      "VALIDATION",
      `No IP pool serves node ${node.name}, so the restored container would get no address there. Choose another node, or add this one to a pool.`,
      { field: "nodeId", reason: "no-pool-for-node" },
    );
  const ctid = await allocateCtid(tx, { nodeId: node.id, nodeName: node.name, ctid: input.ctid });
  const container = await tx.container.create({
    data: {
      nodeId: node.id,
      ctid,
      tenantId: tenant.id,
      planId: plan.id,
      templateId: source?.templateId ?? null,
      hostname,
      status: "CREATING",
      ...containerValuesOfPlan(plan),
    },
    select: { id: true },
  });
  const address = await allocateIpAddress({ tx, nodeId: node.id, containerId: container.id });
  if (address.nameservers)
    await tx.container.update({
      where: { id: container.id },
      data: { nameservers: address.nameservers },
      select: { id: true },
    });
  const task = await enqueueTask({
    tx,
    actor: options.actor,
    type: "backup.restore",
    containerId: container.id,
    nodeId: node.id,
    tenantId: tenant.id,
    ip: options.ip,
    input: {
      backupId: b.id,
      archive: b.archive,
      asNew: true,
      start: input.start,
      ctid,
      hostname,
      node: node.name,
      plan: plan.name,
      addresses: [address.address],
    },
  });
  return {
    taskId: task.id,
    containerId: container.id,
    ctid,
    nodeId: node.id,
    nodeName: node.name,
    addresses: [address.address],
  };
}
