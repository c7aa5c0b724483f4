import "server-only";
import { db } from "../db";
import { getSetting } from "../settings/settings";
import type { UserActor } from "./actor";

/** True when the panel requires TOTP for admins and this admin has not enrolled one yet. */
export async function isAdminTotpMissing(actor: UserActor): Promise<boolean> {
  if (actor.role !== "ADMIN") return false;
  if (!(await getSetting("requireAdminTotp"))) return false;
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
  return !user?.totpEnabledAt;
}
