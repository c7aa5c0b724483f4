import type { Scope } from "./permissions";

// Who is acting. A cookie session and an API token both resolve to a user; a token narrows by scopes.
export type UserActor = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  role: "ADMIN" | "CUSTOMER";
  tenantId: string | null;
  locale: string;
  isDisabled: boolean;
  /** Present when the request came with an API token: what the token allows. */
  tokenScopes?: Scope[];
  tokenId?: string;
  /** The customer's tenant is suspended (e.g. for non-payment): they may read, not act. */
  tenantSuspended?: boolean;
  tenantSuspendedReason?: string | null;
};

export type SystemActor = { kind: "system" };

export type Actor = UserActor | SystemActor;

export const SYSTEM_ACTOR: SystemActor = { kind: "system" };
