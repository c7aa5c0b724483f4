import "server-only";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { AppError } from "../errors/app-error";
import type { UserActor } from "./actor";
import { getAuthOptions } from "./auth-options";
import { can } from "./authorize";
import { loadUserActor } from "./load-user-actor";
import type { Action } from "./permissions";

/**
 * The signed-in user of this request, or null. Reloaded from the database each request (cached per
 * render): a disabled user, a deleted user or a session older than the user's sessionVersion is no one.
 */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = (await getServerSession(getAuthOptions())) as { uid?: string; sv?: number } | null;
  return loadUserActor(session?.uid, session?.sv);
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

/**
 * An admin page's title, given to admins only. Anyone else gets the not-found page, and its title must not
 * depend on whether the layout's check or the page's answered first (they render in parallel).
 */
export function adminPageMetadata(title: string): () => Promise<Metadata> {
  return async () => {
    const actor = await getActor();
    return actor && can(actor, "dashboard.admin", null) ? { title } : {};
  };
}

/**
 * The title of a page about one thing (a server, a task), given only when the signed-in user may see that
 * thing. When a page calls notFound(), Next may or may not have applied the page's own metadata by then (a
 * race); with no title for a thing the user cannot see, another tenant's id and a missing one always get
 * the not-found page's title.
 */
export function titleWhenFound<P>(
  title: string,
  find: (actor: UserActor, params: P) => Promise<unknown>,
): (props: { params: Promise<P> }) => Promise<Metadata> {
  return async ({ params }) => {
    const actor = await getActor();
    if (!actor) return {};
    const isFound = await find(actor, await params).then(
      () => true,
      () => false,
    );
    return isFound ? { title } : {};
  };
}
