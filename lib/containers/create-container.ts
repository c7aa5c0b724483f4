import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { generatePassword } from "../auth/password";
import { sealSecret } from "../auth/secret-box";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { isUniqueViolation } from "../errors/prisma-errors";
import type { Prisma } from "../generated/prisma/client";
import { allocateIpAddress } from "../ip-pools/allocate-ip-address";
import { containerValuesOfPlan } from "../plans/container-values-of-plan";
import { enqueueTask } from "../tasks/enqueue-task";
import { allocateCtid, isCtidRace } from "./allocate-ctid";
import { assertTenantCaps } from "./assert-tenant-caps";
import { chooseNode } from "./choose-node";
import { assertRootPassword } from "./root-password-rules";
import { createContainerSchema } from "./schemas";

const MAX_CTID_ATTEMPTS = 5;

/**
 * Creates a container: checks the tenant's caps, places it (a chosen node or the best fit), gives it the
 * next free CTID on that node and its IP addresses, and queues the `container.create` task that makes it
 * on the node. Everything in the panel lands in one transaction; the database's unique indexes (CTID per
 * node, IP per pool, hostname per tenant) settle races between concurrent creates. The root password is
 * returned once when generated; the task carries it sealed and drops it when done.
 */
export async function createContainer(options: { actor: Actor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "container.create", null);
  const input = parseInput(createContainerSchema, options.input);
  const isGenerated = input.rootPassword === "";
  const rootPassword = isGenerated ? generatePassword() : input.rootPassword;
  // A typed password meets the same rules as a reset or reinstall (root-password-rules.ts).
  if (!isGenerated) assertRootPassword(rootPassword, { hostname: input.hostname, field: "rootPassword" });

  for (let attempt = 1; ; attempt++) {
    try {
      const created = await db.$transaction((tx) =>
        createInTransaction(tx, actor, input, rootPassword, options.ip),
      );
      return { ...created, generatedPassword: isGenerated ? rootPassword : null };
    } catch (err) {
      // Another create took the same CTID between our read and our insert: take the next one.
      if (isCtidRace(err) && attempt < MAX_CTID_ATTEMPTS) continue;
      if (isUniqueViolation(err) && targetOf(err).includes("hostname")) {
        throw new AppError(
          "CONFLICT",
          `This tenant already has a container named ${input.hostname}. Choose another host name.`,
          {
            field: "hostname",
          },
        );
      }
      throw err;
    }
  }
}

async function createInTransaction(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: ReturnType<typeof createContainerSchema.parse>,
  rootPassword: string,
  ip: string | undefined,
) {
  // Lock the tenant row first (a no-op write): concurrent creates for one tenant then check its caps one
  // after another, so "at most N containers" holds under load. Tenant before node, always: no deadlock.
  await tx.tenant.updateMany({ where: { id: input.tenantId }, data: { updatedAt: new Date() } });
  // One query at a time: a transaction is one connection, and pg (from 9.0) refuses overlapping queries on it.
  const tenant = await tx.tenant.findUnique({
    where: { id: input.tenantId },
    select: { id: true, name: true, status: true, maxContainers: true, maxRamMb: true, maxDiskMb: true },
  });
  const plan = await tx.plan.findUnique({ where: { id: input.planId } });
  const template = await tx.osTemplate.findUnique({
    where: { id: input.templateId },
    select: { id: true, name: true, isEnabled: true },
  });
  if (!tenant)
    throw new AppError("VALIDATION", "That tenant does not exist. Choose one from the list.", {
      field: "tenantId",
    });
  if (tenant.status !== "ACTIVE") {
    throw new AppError(
      "VALIDATION",
      `Tenant ${tenant.name} is suspended. Unsuspend it before creating containers.`,
      { field: "tenantId" },
    );
  }
  if (!plan)
    throw new AppError("VALIDATION", "That plan does not exist. Choose one from the list.", {
      field: "planId",
    });
  if (!template?.isEnabled)
    throw new AppError("VALIDATION", "That template is not available. Choose one from the list.", {
      field: "templateId",
    });

  await assertTenantCaps(tx, tenant, plan.ramMb, plan.diskspaceLimitMb);
  const node = await chooseNode(tx, {
    nodeId: input.nodeId,
    ramMb: plan.ramMb,
    diskMb: plan.diskspaceLimitMb,
  });
  const ctid = await allocateCtid(tx, { nodeId: node.id, nodeName: node.name });

  const container = await tx.container.create({
    data: {
      nodeId: node.id,
      ctid,
      tenantId: tenant.id,
      planId: plan.id,
      templateId: template.id,
      hostname: input.hostname,
      status: "CREATING",
      ...containerValuesOfPlan(plan),
    },
    select: { id: true, ctid: true, hostname: true },
  });

  const addresses =
    input.ipAddresses.length > 0
      ? await Promise.all(
          input.ipAddresses.map((address) =>
            allocateIpAddress({ tx, nodeId: node.id, containerId: container.id, address }),
          ),
        )
      : [
          await allocateIpAddress({
            tx,
            nodeId: node.id,
            containerId: container.id,
            ...(input.poolId ? { poolId: input.poolId } : {}),
          }),
        ];
  const nameservers = input.nameservers || addresses[0]?.nameservers || "";
  if (nameservers) {
    await tx.container.update({ where: { id: container.id }, data: { nameservers }, select: { id: true } });
  }

  const task = await enqueueTask({
    tx,
    actor,
    type: "container.create",
    containerId: container.id,
    nodeId: node.id,
    tenantId: tenant.id,
    ip,
    input: {
      ctid,
      hostname: container.hostname,
      node: node.name,
      template: template.name,
      plan: plan.name,
      addresses: addresses.map((a) => a.address),
      start: input.start,
      rootPasswordSealed: sealSecret(rootPassword),
    },
  });
  return {
    container: {
      ...container,
      nodeId: node.id,
      nodeName: node.name,
      addresses: addresses.map((a) => a.address),
    },
    task: { id: task.id },
  };
}

/** Which unique index refused the write; the shape of Prisma's error meta differs between adapters. */
function targetOf(err: unknown): string {
  return JSON.stringify((err as { meta?: unknown }).meta ?? "");
}
