"use client";

import { type FormEvent, useState } from "react";
import { FeedbackText } from "@/components/container/feedback-text";
import { useActionRunner } from "@/components/container/use-action-runner";
import { useI18n } from "@/components/i18n-provider";
import { OneTimeSecret } from "@/components/one-time-secret";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created: string;
  expires: string;
  lastUsed: string;
  state: "active" | "expired" | "revoked";
  revoked: string | null;
};

const EXPIRY_CHOICES = ["7", "30", "90", "365", ""] as const;
const SCOPE_KEYS = {
  read: { label: "apiTokens.scope.read", hint: "apiTokens.scope.readHint" },
  operate: { label: "apiTokens.scope.operate", hint: "apiTokens.scope.operateHint" },
  provision: { label: "apiTokens.scope.provision", hint: "apiTokens.scope.provisionHint" },
  admin: { label: "apiTokens.scope.admin", hint: "apiTokens.scope.adminHint" },
} as const;
type ScopeName = keyof typeof SCOPE_KEYS;

/**
 * The user's own API tokens: create (the secret is shown here once), list, revoke with a second click.
 * `scopes` are the ones this user's role may give a token; the server checks the same.
 */
export function ApiTokensSection({ tokens, scopes }: { tokens: TokenRow[]; scopes: ScopeName[] }) {
  const { t } = useI18n();
  const create = useActionRunner();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get("expiresInDays") ?? "");
    setCreated(null);
    const data = await create.run(
      () =>
        createApiTokenAction({
          name: String(form.get("name") ?? ""),
          scopes: form.getAll("scopes").map(String),
          expiresInDays: days === "" ? "" : Number(days),
        }),
      { done: t("apiTokens.created") },
    );
    if (data) {
      setCreated({ name: data.name, secret: data.secret });
      formElement.reset();
    }
  }

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("apiTokens.intro")}</p>
      <form onSubmit={onCreate} aria-label={t("apiTokens.new")} className="space-y-4">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field
            id="api-token-name"
            name="name"
            label={t("apiTokens.name")}
            hint={t("apiTokens.nameHint")}
            maxLength={80}
            autoComplete="off"
            required
            error={create.feedback?.field === "name" ? create.feedback.text : undefined}
          />
          <div className="space-y-1">
            <label htmlFor="api-token-expiry" className="block text-sm font-medium">
              {t("apiTokens.expiry")}
            </label>
            <select
              id="api-token-expiry"
              name="expiresInDays"
              defaultValue="90"
              className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
            >
              {EXPIRY_CHOICES.map((d) => (
                <option key={d} value={d}>
                  {d === "" ? t("apiTokens.expiry.never") : t("apiTokens.expiry.days", { days: d })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium">{t("apiTokens.scopes")}</legend>
          {scopes.map((s) => (
            <label key={s} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="scopes"
                value={s}
                defaultChecked={s === "read"}
                className="mt-0.5 accent-brand-600"
                aria-describedby={`api-token-scope-${s}-hint`}
              />
              <span>
                <span className="font-medium">{t(SCOPE_KEYS[s].label)}</span>{" "}
                <span id={`api-token-scope-${s}-hint`} className="text-slate-500">
                  {t(SCOPE_KEYS[s].hint)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" disabled={create.isBusy}>
          {t("apiTokens.create")}
        </Button>
        {create.feedback?.field === "name" ? null : <FeedbackText feedback={create.feedback} />}
      </form>
      {created ? (
        <div className="space-y-2">
          <OneTimeSecret
            title={t("apiTokens.secretTitle", { name: created.name })}
            warning={t("apiTokens.secretWarning")}
            value={created.secret}
            copyLabel={t("apiTokens.copy")}
            testId="api-token-secret"
          />
          <Button variant="secondary" onClick={() => setCreated(null)}>
            {t("apiTokens.hideSecret")}
          </Button>
        </div>
      ) : null}
      <TokenTable tokens={tokens} />
    </div>
  );
}

function TokenTable({ tokens }: { tokens: TokenRow[] }) {
  const { t } = useI18n();
  if (tokens.length === 0) return <p className="text-sm text-slate-500">{t("apiTokens.empty")}</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">{t("apiTokens.title")}</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            {[
              t("apiTokens.name"),
              t("apiTokens.prefix"),
              t("apiTokens.scopes"),
              t("common.created"),
              t("apiTokens.expires"),
              t("apiTokens.lastUsed"),
              t("common.status"),
              t("common.actions"),
            ].map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {tokens.map((token) => (
            <tr key={token.id} data-testid="api-token-row" data-token-state={token.state}>
              <td className="px-3 py-2 font-medium">{token.name}</td>
              <td className="px-3 py-2 font-mono text-xs">{token.prefix}…</td>
              <td className="px-3 py-2">{token.scopes.join(", ")}</td>
              <td className="px-3 py-2">{token.created}</td>
              <td className="px-3 py-2">{token.expires}</td>
              <td className="px-3 py-2">{token.lastUsed}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <StatusBadge
                  status={
                    token.state === "active" ? "ACTIVE" : token.state === "revoked" ? "denied" : "UNKNOWN"
                  }
                  label={t(`apiTokens.state.${token.state}`)}
                />
                {token.revoked ? (
                  <span className="mt-0.5 block text-xs text-slate-500">{token.revoked}</span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                {token.state === "revoked" ? null : <RevokeButton token={token} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({ token }: { token: TokenRow }) {
  const { t } = useI18n();
  const { run, feedback, isBusy } = useActionRunner();
  const [isAsking, setAsking] = useState(false);
  if (!isAsking) {
    return (
      <Button
        variant="secondary"
        aria-label={t("apiTokens.revokeNamed", { name: token.name })}
        onClick={() => setAsking(true)}
      >
        {t("apiTokens.revoke")}
      </Button>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs">{t("apiTokens.revokeConfirm")}</span>
      <Button
        variant="danger"
        disabled={isBusy}
        onClick={() => run(() => revokeApiTokenAction(token.id), { done: t("apiTokens.revoked") })}
      >
        {t("apiTokens.revokeYes", { name: token.name })}
      </Button>
      <Button variant="secondary" disabled={isBusy} onClick={() => setAsking(false)}>
        {t("common.cancel")}
      </Button>
      <FeedbackText feedback={feedback} />
    </div>
  );
}
