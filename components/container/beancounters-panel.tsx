import type { ComponentProps } from "react";
import type { Translate } from "@/lib/i18n/messages";
import { BeancountersTable } from "../beancounters-table";

type Rows = ComponentProps<typeof BeancountersTable>["rows"];

/**
 * The beancounters of a running container, or why there are none: stopped, or the node could not be
 * asked (`errorText` lets a customer page say so without the node's own words).
 */
export function BeancountersPanel({
  beancounters,
  errorText,
  t,
}: {
  beancounters: { counters: Rows } | { error: string } | null;
  errorText?: string;
  t: Translate;
}) {
  if (beancounters === null) {
    return <p className="text-sm text-slate-500">{t("containers.detail.beancountersStopped")}</p>;
  }
  if ("error" in beancounters) {
    return (
      <p role="alert" className="text-sm text-rose-600">
        {errorText ?? beancounters.error}
      </p>
    );
  }
  return <BeancountersTable rows={beancounters.counters} caption={t("containers.detail.beancounters")} />;
}
