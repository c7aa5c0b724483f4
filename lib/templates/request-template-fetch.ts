import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { parseInput } from "../errors/parse-input";
import { enqueueTask } from "../tasks/enqueue-task";
import { templateNameTakenError } from "./add-template-file";
import { fetchTemplateInputSchema } from "./schemas";

/**
 * Queues a `template.fetch` task: the panel downloads the URL into its store with progress, verifies the
 * sha256 and every tar entry, and only then adds the catalogue entry (lib/tasks/handlers/fetch-template.ts).
 */
export async function requestTemplateFetch(options: { actor: Actor; input: unknown; ip?: string }) {
  const { actor } = options;
  authorize(actor, "template.manage", null);
  const input = parseInput(fetchTemplateInputSchema, options.input);
  const existing = await db.osTemplate.findUnique({ where: { name: input.name }, select: { id: true } });
  if (existing) throw templateNameTakenError(input.name);
  return enqueueTask({
    actor,
    type: "template.fetch",
    input: { name: input.name, url: input.url, sha256: input.sha256 },
    ip: options.ip,
  });
}
