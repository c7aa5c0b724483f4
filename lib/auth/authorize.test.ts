import { describe, expect, it } from "vitest";
import type { UserActor } from "./actor";
import { authorize, can, getTenantScope } from "./authorize";
import { PERMISSIONS } from "./permissions";

const admin: UserActor = {
  kind: "user",
  userId: "u-admin",
  email: "admin@example.test",
  name: "Admin",
  role: "ADMIN",
  tenantId: null,
  locale: "en",
  isDisabled: false,
};
const customerA: UserActor = {
  kind: "user",
  userId: "u-a",
  email: "a@example.test",
  name: "A",
  role: "CUSTOMER",
  tenantId: "tenant-a",
  locale: "en",
  isDisabled: false,
};
const containerA = { type: "container" as const, id: "c-a", tenantId: "tenant-a" };
const containerB = { type: "container" as const, id: "c-b", tenantId: "tenant-b" };

function errorOf(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error("expected an error");
}

describe("authorize", () => {
  it("lets an admin do every action on any tenant's resources", () => {
    for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(() => authorize(admin, action, containerB)).not.toThrow();
      expect(() => authorize(admin, action, null)).not.toThrow();
    }
  });

  it("lets a customer read and operate their own tenant's container", () => {
    expect(() => authorize(customerA, "container.read", containerA)).not.toThrow();
    expect(() => authorize(customerA, "container.operate", containerA)).not.toThrow();
    expect(() => authorize(customerA, "container.console", containerA)).not.toThrow();
  });

  it("answers a customer's access to another tenant's container exactly like a missing one", () => {
    const foreignRead = errorOf(() => authorize(customerA, "container.read", containerB));
    const foreignWrite = errorOf(() => authorize(customerA, "container.set-password", containerB));
    expect(foreignRead.code).toBe("NOT_FOUND");
    expect(foreignWrite).toEqual(foreignRead);
  });

  it("hides admin-only actions from customers as not found, even on their own tenant", () => {
    expect(errorOf(() => authorize(customerA, "container.destroy", containerA)).code).toBe("NOT_FOUND");
    expect(errorOf(() => authorize(customerA, "node.read", null)).code).toBe("NOT_FOUND");
    expect(errorOf(() => authorize(customerA, "dashboard.admin", null)).code).toBe("NOT_FOUND");
    expect(errorOf(() => authorize(customerA, "audit.read", null)).code).toBe("NOT_FOUND");
  });

  it("lets a customer manage only their own profile and tokens", () => {
    expect(can(customerA, "profile.update", { type: "user", id: "u-a", tenantId: "tenant-a" })).toBe(true);
    expect(can(customerA, "profile.update", { type: "user", id: "u-other", tenantId: "tenant-a" })).toBe(
      false,
    );
    expect(can(customerA, "api-token.manage", { type: "api-token", id: "t1", userId: "u-a" })).toBe(true);
    expect(can(customerA, "api-token.manage", { type: "api-token", id: "t2", userId: "u-b" })).toBe(false);
  });

  it("refuses a disabled user everything, admin or not", () => {
    expect(errorOf(() => authorize({ ...admin, isDisabled: true }, "container.read", containerA)).code).toBe(
      "UNAUTHENTICATED",
    );
    expect(
      errorOf(() => authorize({ ...customerA, isDisabled: true }, "container.read", containerA)).code,
    ).toBe("UNAUTHENTICATED");
  });

  it("refuses an anonymous caller", () => {
    expect(errorOf(() => authorize(null, "template.read", null)).code).toBe("UNAUTHENTICATED");
  });

  it("narrows an API token to its scopes", () => {
    const readOnly = { ...customerA, tokenScopes: ["read" as const] };
    expect(can(readOnly, "container.read", containerA)).toBe(true);
    expect(errorOf(() => authorize(readOnly, "container.operate", containerA)).code).toBe("FORBIDDEN");
    // Scope never widens a role: an admin-scoped customer token still cannot see tenant B.
    const wide = { ...customerA, tokenScopes: ["admin" as const] };
    expect(errorOf(() => authorize(wide, "container.read", containerB)).code).toBe("NOT_FOUND");
  });

  it("gives list queries the customer's tenant and no tenant filter for admins", () => {
    expect(getTenantScope(customerA)).toBe("tenant-a");
    expect(getTenantScope(admin)).toBeNull();
    expect(() => getTenantScope({ ...customerA, tenantId: null })).toThrow();
  });

  it("lets a suspended tenant's customer read but not act, and still hides other tenants' containers", () => {
    const suspended: UserActor = { ...customerA, tenantSuspended: true, tenantSuspendedReason: "unpaid" };
    expect(() => authorize(suspended, "container.read", containerA)).not.toThrow();
    expect(() => authorize(suspended, "task.list", null)).not.toThrow();
    const refused = errorOf(() => authorize(suspended, "container.operate", containerA));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("suspended (unpaid)");
    expect(errorOf(() => authorize(suspended, "container.console", containerA)).code).toBe("FORBIDDEN");
    // Their own password and API tokens stay theirs to change.
    expect(() =>
      authorize(suspended, "profile.update", { type: "user", id: "u-a", tenantId: "tenant-a" }),
    ).not.toThrow();
    expect(errorOf(() => authorize(suspended, "container.operate", containerB))).toEqual(
      errorOf(() => authorize(customerA, "container.read", containerB)),
    );
  });

  it("answers NOT_FOUND, not a scope error, when a narrow token reaches for another tenant's container", () => {
    const readOnly: UserActor = { ...customerA, tokenScopes: ["read"], tokenId: "t1" };
    expect(errorOf(() => authorize(readOnly, "container.destroy", containerB))).toEqual(
      errorOf(() => authorize(customerA, "container.read", containerB)),
    );
    expect(errorOf(() => authorize(readOnly, "container.operate", containerB)).code).toBe("NOT_FOUND");
    expect(errorOf(() => authorize(readOnly, "container.operate", containerA)).code).toBe("FORBIDDEN");
  });
});
