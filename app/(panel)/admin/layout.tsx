import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { isAdminTotpMissing } from "@/lib/auth/admin-totp-policy";
import { can } from "@/lib/auth/authorize";
import { getActor } from "@/lib/auth/get-actor";

// Admin pages do not exist for customers: they get the same 404 as any unknown address.
// Each page below still authorizes its own data; this layout only decides what to render.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (!can(actor, "dashboard.admin", null)) notFound();
  if (await isAdminTotpMissing(actor)) redirect("/account?totp=required");
  return children;
}
