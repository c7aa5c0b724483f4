"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createUserAction } from "./actions";

const selectClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-950";

export function CreateUserForm({ tenants }: { tenants: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const [role, setRole] = useState<"CUSTOMER" | "ADMIN">("CUSTOMER");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [created, setCreated] = useState<{ email: string; generatedPassword: string | null } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = Object.fromEntries(new FormData(formEl)) as Record<string, string>;
    setBusy(true);
    setError(null);
    setCreated(null);
    const res = await createUserAction(form);
    setBusy(false);
    if (res.ok) {
      setCreated(res.data);
      formEl.reset();
      setRole("CUSTOMER");
    } else setError({ field: res.field, message: res.error });
  }

  const errorFor = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={t("tenants.newUser")}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field
          id="user-email"
          name="email"
          type="email"
          label={t("login.email")}
          required
          error={errorFor("email")}
        />
        <Field id="user-name" name="name" label={t("common.name")} required error={errorFor("name")} />
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="user-role" className="block text-sm font-medium">
            {t("tenants.role")}
          </label>
          <select
            id="user-role"
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as "CUSTOMER" | "ADMIN")}
            className={selectClass}
          >
            <option value="CUSTOMER">{t("common.role.CUSTOMER")}</option>
            <option value="ADMIN">{t("common.role.ADMIN")}</option>
          </select>
        </div>
        {role === "CUSTOMER" ? (
          <div className="space-y-1">
            <label htmlFor="user-tenant" className="block text-sm font-medium">
              {t("containers.col.tenant")}
            </label>
            <select
              id="user-tenant"
              name="tenantId"
              defaultValue=""
              aria-invalid={errorFor("tenantId") ? true : undefined}
              aria-describedby={errorFor("tenantId") ? "user-tenant-error" : undefined}
              className={selectClass}
            >
              <option value="">{t("tenants.chooseTenant")}</option>
              {tenants.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            {errorFor("tenantId") ? (
              <p id="user-tenant-error" role="alert" className="text-xs text-rose-600">
                {errorFor("tenantId")}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <Field
        id="user-password"
        name="password"
        type="password"
        autoComplete="new-password"
        label={t("tenants.initialPassword")}
        hint={t("tenants.initialPasswordHint")}
        error={errorFor("password")}
      />
      {error && !["email", "name", "tenantId", "password"].includes(error.field ?? "") ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : null}
      {created ? (
        <div
          role="status"
          className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          <p>{t("tenants.userCreated", { email: created.email })}</p>
          {created.generatedPassword ? (
            <p>
              {t("tenants.generatedPassword")}{" "}
              <code data-testid="generated-password" className="font-mono">
                {created.generatedPassword}
              </code>
            </p>
          ) : null}
        </div>
      ) : null}
      <Button type="submit" disabled={isBusy}>
        {t("tenants.createUser")}
      </Button>
    </form>
  );
}
