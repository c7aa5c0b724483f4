import type { MessageKey, Translate } from "@/lib/i18n/messages";
import { StatusBadge } from "../ui/status-badge";

const STATUS_KEYS: Record<string, MessageKey> = {
  CREATING: "portal.status.CREATING",
  STOPPED: "portal.status.STOPPED",
  RUNNING: "portal.status.RUNNING",
  SUSPENDED: "portal.status.SUSPENDED",
  UNKNOWN: "portal.status.UNKNOWN",
  ERROR: "portal.status.ERROR",
  DESTROYING: "portal.status.DESTROYING",
};

/** A container's status in the reader's language, coloured as everywhere else. */
export function ContainerStatusBadge({ status, t }: { status: string; t: Translate }) {
  return <StatusBadge status={status} label={t(STATUS_KEYS[status] ?? "portal.status.UNKNOWN")} />;
}
