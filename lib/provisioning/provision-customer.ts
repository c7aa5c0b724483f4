import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { assertPasswordStrength } from "../auth/password";
import { chooseNode } from "../containers/choose-node";
import { createContainer } from "../containers/create-container";
import { db } from "../db";
import { AppError, isAppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { createTenant } from "../tenants/create-tenant";
import { createCustomerUser } from "../users/create-customer-user";
import { provisionCustomerSchema } from "./schemas";

type Parsed = ReturnType<typeof provisionCustomerSchema.parse>;

/**
 * A billing system's order in one call: a new tenant, its customer user and its first container (queued
 * as a `container.create` task). Everything that can be checked is checked before anything is created;
 * if a later step still fails (a race, an address taken meanwhile), the user and tenant made so far are
 * deleted again, so a retry starts clean. Errors name the field as `tenant.name`, `container.planId`...
 *
 * Needs "tenant.manage" and "container.create" (the provision scope); it never makes an admin user.
 * Not atomic across a crash of the panel between the steps: the audit log then shows a tenant.create
 * without its provision.customer event.
 */
export async function provisionCustomer(options: { actor: UserActor; input: unknown; ip?: string }) {
  const { actor, ip } = options;
  authorize(actor, "tenant.manage", null);
  authorize(actor, "container.create", null);
  const input = parseInput(provisionCustomerSchema, options.input);
  await assertProvisionable(input);

  // The domain functions parse their own input again: pass them the caller's raw parts (already proven
  // valid above), not the parsed values, whose shapes (null caps, address arrays) differ from their input.
  const raw = options.input as { tenant: unknown; user: unknown; container: Record<string, unknown> };
  const tenant = await withFieldPrefix("tenant", () => createTenant({ actor, ip, input: raw.tenant }));
  let userId: string | null = null;
  try {
    const user = await withFieldPrefix("user", () =>
      createCustomerUser({ actor, ip, tenantId: tenant.id, input: raw.user }),
    );
    userId = user.user.id;
    const created = await withFieldPrefix("container", () =>
      createContainer({ actor, ip, input: { ...raw.container, tenantId: tenant.id } }),
    );
    await recordAuditEvent({
      actor,
      action: "provision.customer",
      result: "success",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      ip,
      details: { userId, containerId: created.container.id, taskId: created.task.id },
    });
    return {
      tenant,
      user: user.user,
      userPassword: user.generatedPassword,
      container: { id: created.container.id },
      task: { id: created.task.id },
      rootPassword: created.generatedPassword,
    };
  } catch (err) {
    const undone = await undoProvisioning(tenant.id, userId);
    await recordAuditEvent({
      actor,
      action: "provision.customer",
      result: "failure",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      ip,
      details: {
        code: isAppError(err) ? err.code : "INTERNAL",
        field: isAppError(err) ? (err.field ?? null) : null,
        rolledBack: undone,
        userId,
      },
    });
    throw err;
  }
}

/** Deletes what a failed provisioning made. False (and logged) if that failed too: an admin must look. */
async function undoProvisioning(tenantId: string, userId: string | null): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      if (userId) await tx.user.deleteMany({ where: { id: userId, tenantId } });
      await tx.tenant.deleteMany({ where: { id: tenantId } });
    });
    return true;
  } catch (err) {
    console.error("provisioning: could not undo tenant", tenantId, "user", userId, err);
    return false;
  }
}

/** Runs a step and names its part in a failing field: "planId" becomes "container.planId". */
async function withFieldPrefix<T>(prefix: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (!isAppError(err) || !err.field) throw err;
    throw new AppError(err.code, err.message, {
      field: `${prefix}.${err.field}`,
      reason: err.reason,
      retryAfterSeconds: err.retryAfterSeconds,
    });
  }
}

/**
 * Everything checkable before the first row is written: names and e-mail free, passwords strong enough,
 * plan and template usable, the new tenant's caps admitting the plan, and a node with room for it.
 */
async function assertProvisionable(input: Parsed): Promise<void> {
  if (input.user.password !== "") assertPasswordStrength(input.user.password, "user.password");
  if (input.container.rootPassword !== "" && input.container.rootPassword.length < 8)
    throw new AppError(
      "VALIDATION",
      "Use a root password of at least 8 characters, or leave it empty to generate one.",
      { field: "container.rootPassword" },
    );
  const [tenantTaken, emailTaken, plan, template, pool] = await Promise.all([
    db.tenant.findUnique({ where: { name: input.tenant.name }, select: { id: true } }),
    db.user.findUnique({ where: { email: input.user.email }, select: { id: true } }),
    db.plan.findUnique({
      where: { id: input.container.planId },
      select: { ramMb: true, diskspaceLimitMb: true },
    }),
    db.osTemplate.findUnique({ where: { id: input.container.templateId }, select: { isEnabled: true } }),
    input.container.poolId
      ? db.ipPool.findUnique({ where: { id: input.container.poolId }, select: { id: true } })
      : Promise.resolve({ id: "" }),
  ]);
  if (tenantTaken)
    throw new AppError(
      "CONFLICT",
      `A tenant named "${input.tenant.name}" already exists. Choose another name.`,
      {
        field: "tenant.name",
      },
    );
  if (emailTaken)
    throw new AppError("CONFLICT", `A user with the e-mail ${input.user.email} already exists.`, {
      field: "user.email",
    });
  if (!plan)
    throw new AppError("VALIDATION", "That plan does not exist. Choose one from the list.", {
      field: "container.planId",
    });
  if (!template?.isEnabled)
    throw new AppError("VALIDATION", "That template is not available. Choose one from the list.", {
      field: "container.templateId",
    });
  if (!pool)
    throw new AppError("VALIDATION", "That IP pool does not exist. Choose one from the list.", {
      field: "container.poolId",
    });
  const { maxContainers, maxRamMb, maxDiskMb } = input.tenant;
  if (maxContainers !== null && maxContainers < 1)
    throw new AppError("VALIDATION", "A cap of 0 containers leaves no room for the first one.", {
      field: "tenant.maxContainers",
    });
  if (maxRamMb !== null && maxRamMb < plan.ramMb)
    throw new AppError("VALIDATION", `The plan needs ${plan.ramMb} MiB of RAM, above the tenant's cap.`, {
      field: "tenant.maxRamMb",
    });
  if (maxDiskMb !== null && maxDiskMb < plan.diskspaceLimitMb)
    throw new AppError(
      "VALIDATION",
      `The plan needs ${plan.diskspaceLimitMb} MiB of disk, above the tenant's cap.`,
      { field: "tenant.maxDiskMb" },
    );
  // Read-only placement check; createContainer places again inside its transaction.
  await withFieldPrefix("container", () =>
    chooseNode(db, { nodeId: input.container.nodeId, ramMb: plan.ramMb, diskMb: plan.diskspaceLimitMb }),
  );
}
