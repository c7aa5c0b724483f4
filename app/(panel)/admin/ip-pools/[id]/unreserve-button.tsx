"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { unreserveAddressAction } from "../actions";

export function UnreserveButton({ poolId, address }: { poolId: string; address: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  return (
    <span className="flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={isBusy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const res = await unreserveAddressAction(poolId, address);
          setBusy(false);
          if (res.ok) router.refresh();
          else setError(res.error);
        }}
      >
        {t("ipPools.reserved.remove", { address })}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-rose-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
