import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { SYSTEM_ACTOR } from "../../auth/actor";
import { db } from "../../db";
import { AppError } from "../../errors/app-error";
import { parseTemplateName } from "../../templates/template-name";
import { getAgentEndpoint, runAgentCommand } from "../run-agent-command";
import type { TaskHandler } from "./types";

const builtSchema = z.object({
  name: z.string(),
  sha256: z.string().nullable(),
  size: z.number(),
  file: z.string(),
});

/**
 * template.build: the node builds a template with debootstrap (agent command `template.build`, minutes),
 * then the catalogue learns about it: a new entry for a new name, or the node marked as having it when the
 * checksum matches. A catalogue entry with the same name and another checksum is kept, and the log says so.
 */
export const buildTemplate: TaskHandler = async (ctx) => {
  const distro = ctx.task.input.distro;
  if (!ctx.task.nodeId || (distro !== "debian-12" && distro !== "debian-11"))
    throw new AppError("VALIDATION", "This build task names no node or an unknown distribution.");
  const node = await getAgentEndpoint(ctx.task.nodeId);
  await ctx.log(`Building ${distro} on ${node.name} with debootstrap; this takes a few minutes.`);
  const op = await runAgentCommand(
    ctx,
    node,
    ctx.stepCommandId(1),
    { type: "template.build", name: distro },
    { from: 2, to: 95, phase: `Building ${distro} on ${node.name}` },
  );
  const built = builtSchema.parse(op.result);
  const parts = parseTemplateName(built.name);
  if (!parts || !built.sha256)
    throw new AppError("INTERNAL", `The node built ${built.name}, which the catalogue cannot name.`);
  const format = built.file.endsWith(".tar.xz")
    ? "tar.xz"
    : built.file.endsWith(".tar.zst")
      ? "tar.zst"
      : "tar.gz";
  const sha256 = built.sha256;
  const result = await db.$transaction(async (tx) => {
    const existing = await tx.osTemplate.findUnique({
      where: { name: built.name },
      select: { id: true, sha256: true },
    });
    if (existing && existing.sha256 !== sha256)
      return { templateId: existing.id, isNew: false, isSame: false };
    const templateId =
      existing?.id ??
      (
        await tx.osTemplate.create({
          data: { name: built.name, ...parts, sha256, sizeBytes: built.size, format },
          select: { id: true },
        })
      ).id;
    await tx.nodeTemplate.upsert({
      where: { nodeId_templateId: { nodeId: node.id, templateId } },
      create: { nodeId: node.id, templateId, isPresent: true },
      update: { isPresent: true },
      select: { nodeId: true },
    });
    if (!existing) {
      await recordAuditEvent({
        tx,
        actor: SYSTEM_ACTOR,
        action: "template.create",
        result: "success",
        targetType: "template",
        targetId: templateId,
        details: { name: built.name, sha256, via: "build", node: node.name, taskId: ctx.task.id },
      });
    }
    return { templateId, isNew: !existing, isSame: true };
  });
  if (!result.isSame) {
    await ctx.log(
      `The catalogue already has ${built.name} with another checksum; it was kept. The new build is in ${node.name}'s cache (sha256 ${sha256}): delete the old entry and import from ${node.name} to use it.`,
      "warn",
    );
  } else {
    await ctx.log(
      result.isNew
        ? `Template ${built.name} added to the catalogue (sha256 ${sha256}).`
        : `Template ${built.name} was already in the catalogue with this checksum.`,
    );
  }
  return { templateId: result.templateId, name: built.name, sha256, sizeBytes: built.size };
};
