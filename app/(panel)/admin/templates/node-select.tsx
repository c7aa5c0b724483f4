import { useI18n } from "@/components/i18n-provider";

export type NodeOption = { id: string; name: string; status: string };

/** A labelled node picker; offline nodes are listed but cannot be chosen. */
export function NodeSelect({ id, nodes, error }: { id: string; nodes: NodeOption[]; error?: string }) {
  const { t } = useI18n();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {t("templates.build.node")}
      </label>
      <select
        id={id}
        name="nodeId"
        required
        defaultValue=""
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        <option value="" disabled>
          {t("templates.chooseNode")}
        </option>
        {nodes.map((n) => (
          <option key={n.id} value={n.id} disabled={n.status !== "ONLINE"}>
            {n.status === "ONLINE" ? n.name : `${n.name} (${n.status.toLowerCase()})`}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
