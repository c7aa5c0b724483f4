import "server-only";
import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import type { UserActor } from "./actor";
import { getAuthOptions } from "./auth-options";
import { can } from "./authorize";
import type { Action } from "./permissions";

/**
 * The signed-in user of this request, or null. Reloaded from the database each request (cached per
 * render): a disabled user, a deleted user or a session older than the user's sessionVersion is no one.
 */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = (await getServerSession(getAuthOptions())) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  const user = await db.user.findUnique({
    where: { id: session.uid },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      tenantId: true,
      locale: true,
      isDisabled: true,
      sessionVersion: true,
    },
  });
  if (!user || user.isDisabled || user.sessionVersion !== (session.sv ?? 0)) return null;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId,
    locale: user.locale,
    isDisabled: user.isDisabled,
  };
});

export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return actor;
}

/**
 * For pages: the signed-in user, or a redirect to the sign-in page. With an action, also the page's own
 * gate: an actor who may not do it gets the not-found page (layouts and pages render in parallel, so a
 * page never relies on its layout's check).
 */
export async function requirePageActor(action?: Action): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (action && !can(actor, action, null)) notFound();
  return actor;
}
