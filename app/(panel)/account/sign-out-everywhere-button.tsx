"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { signOutEverywhereAction } from "./actions";

export function SignOutEverywhereButton() {
  const { t } = useI18n();
  const [isBusy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      disabled={isBusy}
      onClick={async () => {
        setBusy(true);
        await signOutEverywhereAction();
        await signOut({ callbackUrl: "/login" });
      }}
    >
      {t("account.signOutEverywhere")}
    </Button>
  );
}
