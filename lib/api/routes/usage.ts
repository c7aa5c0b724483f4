import "server-only";
import { z } from "zod";
import { getContainerUsage } from "../../containers/get-container-usage";
import { AppError } from "../../errors/app-error";
import { defineApiRoute } from "../define-api-route";
import { usageView } from "../views-admin";

const DEFAULT_DAYS = 30;
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .optional()
  .describe("An ISO 8601 date (midnight UTC) or date-time.");

function toDate(text: string | undefined, field: string): Date | null {
  if (text === undefined) return null;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new AppError("VALIDATION", `${field} is not a valid date.`, { field });
  return d;
}

export const getContainerUsageRoute = defineApiRoute({
  method: "GET",
  path: "/containers/{containerId}/usage",
  operationId: "getContainerUsage",
  action: "container.read",
  summary: "A container's usage over a period, for billing",
  description: `Network bytes received and sent, peak and average RAM, disk used and CPU, from the samples taken every minute while the container runs. Defaults to the last ${DEFAULT_DAYS} days. Network counters that restart with the container are accounted for.`,
  tag: "Usage",
  params: z.object({ containerId: z.string().min(1).max(64) }),
  query: z.object({
    from: instant.describe("Start of the period; default: 30 days before `to`."),
    to: instant.describe("End of the period; default: now."),
  }),
  response: usageView,
  async handler({ actor, params, query }) {
    const to = toDate(query.to, "to") ?? new Date();
    const from = toDate(query.from, "from") ?? new Date(to.getTime() - DEFAULT_DAYS * 24 * 3600_000);
    const usage = await getContainerUsage({ actor, containerId: params.containerId, from, to });
    return {
      containerId: params.containerId,
      from: from.toISOString(),
      to: to.toISOString(),
      ...usage,
      firstSampleAt: usage.firstSampleAt?.toISOString() ?? null,
      lastSampleAt: usage.lastSampleAt?.toISOString() ?? null,
    };
  },
});
