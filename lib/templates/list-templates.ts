import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";

export async function listTemplates(options: { actor: Actor }) {
  authorize(options.actor, "template.read", null);
  return db.osTemplate.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      distro: true,
      version: true,
      arch: true,
      sha256: true,
      sizeBytes: true,
      isEnabled: true,
    },
  });
}
