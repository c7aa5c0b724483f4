import "server-only";
import { ENDPOINTS, healthSchema } from "@/agent/protocol";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { db } from "../db";
import { callAgent } from "../nodes/agent-client";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import { parseTemplateName } from "./template-name";

/**
 * Adds to the catalogue the templates a node already has in its cache (a template built on the node, or
 * put there by hand), with the name, sha256 and size the node reports. Existing catalogue names are left
 * alone; a node copy whose checksum differs from the catalogue's is reported, not trusted.
 */
export async function importNodeTemplates(options: { actor: Actor; nodeId: string; ip?: string }) {
  const { actor, nodeId } = options;
  authorize(actor, "template.manage", null);
  const node = await getAgentEndpoint(nodeId);
  const health = await callAgent(node, { method: "GET", path: ENDPOINTS.health, schema: healthSchema });
  const added: string[] = [];
  const mismatched: string[] = [];
  for (const t of health.templates) {
    const parts = parseTemplateName(t.name);
    if (!parts || !t.sha256) continue;
    const existing = await db.osTemplate.findUnique({
      where: { name: t.name },
      select: { id: true, sha256: true },
    });
    if (existing) {
      if (existing.sha256 !== t.sha256) mismatched.push(t.name);
      continue;
    }
    await db.$transaction(async (tx) => {
      const created = await tx.osTemplate.create({
        data: { name: t.name, ...parts, sha256: t.sha256 as string, sizeBytes: t.size, format: "tar" },
        select: { id: true },
      });
      await tx.nodeTemplate.create({ data: { nodeId, templateId: created.id, isPresent: true } });
      await recordAuditEvent({
        tx,
        actor,
        action: "template.import",
        result: "success",
        targetType: "template",
        targetId: created.id,
        ip: options.ip,
        details: { name: t.name, node: node.name, sha256: t.sha256 },
      });
    });
    added.push(t.name);
  }
  return { added, mismatched };
}
