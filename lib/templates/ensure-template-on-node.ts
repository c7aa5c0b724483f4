import "server-only";
import { existsSync } from "node:fs";
import { ENDPOINTS, healthSchema } from "@/agent/protocol";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors/app-error";
import { type AgentEndpoint, callAgent } from "../nodes/agent-client";
import { runAgentCommand } from "../tasks/run-agent-command";
import type { TaskContext } from "../tasks/task-context";
import { DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink } from "./download-link";
import { readDownloadProgress } from "./download-progress";
import { resolveStoredTemplate } from "./template-store";

/**
 * A task step that makes sure a node has a template in its cache before something needs it (a transfer
 * task, or container.create on a node without the template): asks the node itself what it has (the
 * poller's view may be seconds old), and if the template is missing or differs, sends `template.download`
 * with a signed, expiring link to the panel's copy. The agent verifies the sha256 and every tar entry and
 * only then puts the file in its cache. Returns whether a download was needed.
 */
export async function ensureTemplateOnNode(options: {
  ctx: TaskContext;
  node: AgentEndpoint;
  template: { id: string } | { name: string };
  commandId: string;
  range: { from: number; to: number };
  /**
   * Trust NodeTemplate.isPresent (the poller's view, at most seconds old) and skip asking the node: what
   * container.create wants, so a create from a template already there costs no extra round trip.
   */
  isMarkedPresentEnough?: boolean;
}): Promise<{ isTransferred: boolean }> {
  const { ctx, node } = options;
  const template = await db.osTemplate.findUnique({
    where: options.template,
    select: { id: true, name: true, sha256: true, format: true, storedPath: true },
  });
  if (!template)
    throw new AppError("NOT_FOUND", "The template is no longer in the catalogue.", {
      reason: "template-missing",
    });
  if (options.isMarkedPresentEnough) {
    const mark = await db.nodeTemplate.findUnique({
      where: { nodeId_templateId: { nodeId: node.id, templateId: template.id } },
      select: { isPresent: true },
    });
    if (mark?.isPresent) return { isTransferred: false };
  }
  const health = await callAgent(node, { method: "GET", path: ENDPOINTS.health, schema: healthSchema });
  const onNode = health.templates.find((t) => t.name === template.name);
  if (onNode && onNode.sha256 === template.sha256) {
    await markPresent(node.id, template.id);
    await ctx.log(`Template ${template.name} is already on ${node.name}.`);
    return { isTransferred: false };
  }
  if (onNode) {
    await ctx.log(
      `${node.name} has another file named ${template.name} (sha256 ${onNode.sha256 ?? "unknown"}); replacing it with the catalogue's.`,
      "warn",
    );
  }
  const file = resolveStoredTemplate(template.storedPath);
  if (!file || !existsSync(file)) {
    throw new AppError(
      "UNAVAILABLE",
      `Template ${template.name} is not on node ${node.name}, and the panel has no copy of its file to send (it was imported from or built on a node). Build it on ${node.name}, or add the file to the panel by upload or URL under another name.`,
      { reason: "template-not-in-store" },
    );
  }
  const url = await getLinkForStep(ctx, options.commandId, template, node.id);
  await ctx.log(`Sending ${template.name} to ${node.name} (the agent downloads it from the panel).`);
  const phase = `Copying template ${template.name} to ${node.name}`;
  const { from, to } = options.range;
  // While the agent downloads, the bar follows the bytes the panel has sent through this link.
  const sig = new URL(url).searchParams.get("sig") ?? "";
  const watch = setInterval(() => {
    const p = readDownloadProgress(sig);
    if (!p || p.total === 0) return;
    const mib = (n: number) => (n / 1024 ** 2).toFixed(1);
    void ctx
      .progress(
        from + ((to - from) * 0.95 * p.sent) / p.total,
        `${phase}: ${mib(p.sent)} of ${mib(p.total)} MiB`,
      )
      .catch(() => undefined);
  }, 1000);
  try {
    await runAgentCommand(
      ctx,
      node,
      options.commandId,
      { type: "template.download", name: template.name, url, sha256: template.sha256 },
      { from, to, phase },
    );
  } finally {
    clearInterval(watch);
  }
  await markPresent(node.id, template.id);
  await ctx.log(`Template ${template.name} is now on ${node.name}; the node verified its sha256.`);
  return { isTransferred: true };
}

async function markPresent(nodeId: string, templateId: string): Promise<void> {
  await db.nodeTemplate.upsert({
    where: { nodeId_templateId: { nodeId, templateId } },
    create: { nodeId, templateId, isPresent: true },
    update: { isPresent: true },
    select: { nodeId: true },
  });
}

/**
 * The signed link for one step. Its expiry is kept in the task's input the first time: a panel that
 * restarts mid-task re-sends the very same command (same id, same URL), which the agent answers with its
 * first result instead of refusing a changed command.
 */
async function getLinkForStep(
  ctx: TaskContext,
  commandId: string,
  template: { id: string; name: string; format: string },
  nodeId: string,
): Promise<string> {
  const key = `downloadLinkExpires-${commandId}`;
  const kept = ctx.task.input[key];
  let expires: number;
  if (typeof kept === "number") expires = kept;
  else {
    expires = Math.floor(Date.now() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
    const row = await db.task.findUnique({ where: { id: ctx.task.id }, select: { input: true } });
    const input = { ...(row ? (JSON.parse(row.input) as Record<string, unknown>) : {}), [key]: expires };
    await db.task.update({
      where: { id: ctx.task.id },
      data: { input: JSON.stringify(input) },
      select: { id: true },
    });
    ctx.task.input[key] = expires;
  }
  const env = getEnv();
  const params = signDownloadLink({
    secret: env.NEXTAUTH_SECRET,
    templateId: template.id,
    nodeId,
    now: new Date((expires - DOWNLOAD_LINK_TTL_SECONDS) * 1000),
  });
  // The agent takes the format from the path's ending, so the path ends in the file's name.
  const ext = ["tar.gz", "tar.xz", "tar.zst"].includes(template.format) ? template.format : "tar.gz";
  const url = new URL(
    `/api/templates/${encodeURIComponent(template.id)}/download/${template.name}.${ext}`,
    env.NEXTAUTH_URL,
  );
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
