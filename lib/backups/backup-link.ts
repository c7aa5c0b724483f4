import "server-only";
import { getEnv } from "../env";
import { DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink, verifyDownloadLink } from "../templates/download-link";

// Signed, expiring links through which a node's agent fetches another node's backup from the panel
// (app/api/backups/[backupId]/archive/[file]/route.ts). The template links' MAC is reused with the subject
// "backup:<id>": template ids are cuids and never contain ":", so a link for one can never pass for the other.

const subject = (backupId: string) => `backup:${backupId}`;

export function getBackupFetchUrl(options: {
  backupId: string;
  archive: string;
  nodeId: string;
  expires: number;
}): string {
  const env = getEnv();
  const params = signDownloadLink({
    secret: env.NEXTAUTH_SECRET,
    templateId: subject(options.backupId),
    nodeId: options.nodeId,
    now: new Date((options.expires - DOWNLOAD_LINK_TTL_SECONDS) * 1000),
  });
  const url = new URL(
    `/api/backups/${encodeURIComponent(options.backupId)}/archive/${options.archive}`,
    env.NEXTAUTH_URL,
  );
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export function isValidBackupFetchLink(backupId: string, searchParams: URLSearchParams): boolean {
  return verifyDownloadLink({
    secret: getEnv().NEXTAUTH_SECRET,
    templateId: subject(backupId),
    params: {
      node: searchParams.get("node"),
      expires: searchParams.get("expires"),
      sig: searchParams.get("sig"),
    },
  });
}
