import { getClientIp } from "@/lib/auth/client-ip";
import { getActor } from "@/lib/auth/get-actor";
import { downloadBackup } from "@/lib/backups/serve-backup-archive";
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "@/lib/errors/http-response";

// GET /api/backups/<id>/download — an admin downloads an archive (session cookie, backup.download), streamed
// from the node's agent through the panel. A read: no Origin check needed, and customers get 404.
export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ backupId: string }> }) {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const { backupId } = await ctx.params;
    return await downloadBackup({ actor, backupId, ip: getClientIp(req.headers) });
  } catch (err) {
    return toErrorResponse(err);
  }
}
