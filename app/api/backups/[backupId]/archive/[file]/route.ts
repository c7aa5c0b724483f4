import { serveBackupArchive } from "@/lib/backups/serve-backup-archive";

// GET /api/backups/<id>/archive/<name>.tar.zst?node=&expires=&sig= — what a node's agent fetches (backup.fetch)
// to restore a backup made on another node. No session: the signed, expiring link is the credential.
export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ backupId: string; file: string }> }) {
  const { backupId, file } = await ctx.params;
  return serveBackupArchive({ backupId, fileName: file, searchParams: new URL(req.url).searchParams });
}
