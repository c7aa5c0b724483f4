import { serveTemplateDownload } from "@/lib/templates/serve-template-download";

// GET /api/templates/<id>/download/<name>.<format>?node=&expires=&sig= — what a node's agent downloads.
// No session: the signed, expiring link is the credential. The path ends in the file's name because the
// agent takes the archive format from it.
export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ templateId: string; file: string }> }) {
  const { templateId, file } = await ctx.params;
  return serveTemplateDownload({ templateId, fileName: file, searchParams: new URL(req.url).searchParams });
}
