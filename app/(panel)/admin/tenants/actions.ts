"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { createTenant } from "@/lib/tenants/create-tenant";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { createUser } from "@/lib/users/create-user";
import { resetUserPassword } from "@/lib/users/reset-user-password";
import { resetUserTotp } from "@/lib/users/reset-user-totp";
import { setUserDisabled } from "@/lib/users/set-user-disabled";

export async function createTenantAction(input: Record<string, string>) {
  const res = await runAction(async () =>
    createTenant({ actor: await requireActor(), input, ip: await getRequestIp() }),
  );
  if (res.ok) revalidatePath("/admin/tenants");
  return res;
}

export async function createUserAction(input: Record<string, string>) {
  const res = await runAction(async () => {
    const { user, generatedPassword } = await createUser({
      actor: await requireActor(),
      input,
      ip: await getRequestIp(),
    });
    return { email: user.email, generatedPassword };
  });
  if (res.ok) revalidatePath("/admin/tenants");
  return res;
}

export async function updateTenantAction(tenantId: string, input: Record<string, string>) {
  const res = await runAction(async () =>
    updateTenant({
      actor: await requireActor(),
      tenantId: String(tenantId),
      input,
      ip: await getRequestIp(),
    }),
  );
  revalidatePath(`/admin/tenants/${tenantId}`);
  return res;
}

export async function setUserDisabledAction(userId: string, isDisabled: boolean) {
  const res = await runAction(async () =>
    setUserDisabled({
      actor: await requireActor(),
      userId: String(userId),
      isDisabled: isDisabled === true,
      ip: await getRequestIp(),
    }),
  );
  revalidatePath("/admin/tenants");
  return res;
}

export async function resetUserPasswordAction(userId: string) {
  return runAction(async () => ({
    password: await resetUserPassword({
      actor: await requireActor(),
      userId: String(userId),
      ip: await getRequestIp(),
    }),
  }));
}

export async function resetUserTotpAction(userId: string) {
  return runAction(async () =>
    resetUserTotp({ actor: await requireActor(), userId: String(userId), ip: await getRequestIp() }),
  );
}
