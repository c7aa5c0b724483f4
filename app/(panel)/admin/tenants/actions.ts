"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { createTenant } from "@/lib/tenants/create-tenant";
import { createUser } from "@/lib/users/create-user";

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
