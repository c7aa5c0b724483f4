import "server-only";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { consoleTicketReplySchema, ENDPOINTS } from "@/agent/protocol";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserActor } from "../auth/actor";
import { getSocketActor } from "../auth/get-socket-actor";
import { getAuthorizedContainer } from "../containers/get-container";
import { isAppError } from "../errors/app-error";
import { callAgent, connectToAgent } from "../nodes/agent-client";
import { getAgentEndpoint } from "../tasks/run-agent-command";
import {
  browserControlSchema,
  consoleQuerySchema,
  HIGH_WATERMARK_BYTES,
  LOW_WATERMARK_BYTES,
} from "./console-frames";

const browserSockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser console: `/ws/console?container=<id>&cols=&rows=` on the panel's own origin.
 *
 * Order matters: Origin, session and `authorize(actor, "container.console", container)` are checked on the
 * upgrade request, exactly as for any write, and a refusal answers before a byte reaches the node. Only
 * then does the panel ask the node's agent for a single-use ticket (a signed request) that names this one
 * container and expires in seconds, and relays frames between the browser and the agent's pty.
 */
export async function handleConsoleUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://panel");
    const query = consoleQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    const { actor, isOriginAllowed } = await getSocketActor(req);
    if (!isOriginAllowed) return refuse(socket, 403, "Forbidden");
    if (!actor) return refuse(socket, 401, "Unauthorized");
    if (!query.success) return refuse(socket, 404, "Not Found");
    let container: Awaited<ReturnType<typeof getAuthorizedContainer>>;
    try {
      container = await getAuthorizedContainer({
        actor,
        containerId: query.data.container,
        action: "container.console",
      });
    } catch (err) {
      // Another tenant's container answers exactly like a missing one.
      if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "UNAUTHENTICATED"))
        return refuse(socket, 404, "Not Found");
      throw err;
    }
    browserSockets.handleUpgrade(req, socket, head, (browser) => {
      void relay(browser, actor, container, query.data, String(req.headers["x-berth-client-ip"] ?? ""));
    });
  } catch (err) {
    console.error("console upgrade failed", err);
    refuse(socket, 500, "Internal Server Error");
  }
}

function sendControl(ws: WebSocket, message: Record<string, unknown>): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

async function relay(
  browser: WebSocket,
  actor: UserActor,
  container: {
    id: string;
    ctid: number;
    nodeId: string;
    tenantId: string;
    hostname: string;
    isSuspended: boolean;
  },
  size: { cols: number; rows: number },
  ip: string,
): Promise<void> {
  const startedAt = Date.now();
  let bytesIn = 0;
  let bytesOut = 0;
  let agent: WebSocket | undefined;
  const queued: { data: Buffer | string; isBinary: boolean }[] = [];

  const close = (code = 1000, reason = "") => {
    if (browser.readyState === WebSocket.OPEN) browser.close(code, reason);
    if (agent && (agent.readyState === WebSocket.OPEN || agent.readyState === WebSocket.CONNECTING))
      agent.terminate();
  };

  // Keystrokes and control frames may arrive before the agent's socket is open: keep them (bounded).
  browser.on("message", (data, isBinary) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let frame: { data: Buffer | string; isBinary: boolean };
    if (isBinary) {
      bytesIn += buf.length;
      frame = { data: buf, isBinary: true };
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(buf.toString("utf8"));
      } catch {
        return;
      }
      const control = browserControlSchema.safeParse(parsed);
      if (!control.success) return; // anything but resize/pause/resume never reaches the agent
      frame = { data: JSON.stringify(control.data), isBinary: false };
    }
    if (agent?.readyState === WebSocket.OPEN) agent.send(frame.data, { binary: frame.isBinary });
    else if (queued.length < 256) queued.push(frame);
  });
  browser.on("close", () => close());
  browser.on("error", () => close());

  if (container.isSuspended) {
    sendControl(browser, {
      type: "exit",
      code: null,
      reason: "This container is suspended by the administrator.",
    });
    return close(1000, "suspended");
  }
  try {
    const node = await getAgentEndpoint(container.nodeId);
    const ticket = await callAgent(node, {
      method: "POST",
      path: ENDPOINTS.consoleTickets,
      body: { ctid: container.ctid, cols: size.cols, rows: size.rows },
      schema: consoleTicketReplySchema,
    });
    const base = new URL(node.agentUrl);
    const target = `${base.protocol === "https:" ? "wss" : "ws"}://${base.host}${ticket.path}`;
    const connection = await connectToAgent(node);
    agent = new WebSocket(target, { createConnection: () => connection as never, perMessageDeflate: false });
  } catch (err) {
    const reason = isAppError(err) ? err.message : "The console could not be opened.";
    sendControl(browser, { type: "exit", code: null, reason });
    return close(1000, "refused");
  }

  let isPausedByPanel = false;
  const watch = setInterval(() => {
    // Output the browser has not taken yet: above the high mark the agent pauses the pty, below the low resumes.
    if (!isPausedByPanel && browser.bufferedAmount > HIGH_WATERMARK_BYTES) {
      isPausedByPanel = true;
      sendControl(agent as WebSocket, { type: "pause" });
    } else if (isPausedByPanel && browser.bufferedAmount < LOW_WATERMARK_BYTES) {
      isPausedByPanel = false;
      sendControl(agent as WebSocket, { type: "resume" });
    }
  }, 25);

  agent.on("open", () => {
    if (browser.readyState !== WebSocket.OPEN) return close(); // the tab went away while we connected
    for (const f of queued.splice(0)) agent?.send(f.data, { binary: f.isBinary });
    void recordAuditEvent({
      actor,
      action: "container.console-open",
      result: "success",
      targetType: "container",
      targetId: container.id,
      tenantId: container.tenantId,
      ip,
      details: { ctid: container.ctid, hostname: container.hostname },
    }).catch(() => undefined);
  });
  agent.on("message", (data, isBinary) => {
    // ws hands out Buffers (binaryType nodebuffer): relay them as they are, no copy per frame.
    const buf = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data as ArrayBuffer);
    if (isBinary) bytesOut += buf.length;
    if (browser.readyState === WebSocket.OPEN)
      browser.send(isBinary ? buf : buf.toString("utf8"), { binary: isBinary });
  });
  agent.on("close", () => close(1000, "ended"));
  agent.on("error", (err) => {
    sendControl(browser, {
      type: "exit",
      code: null,
      reason: `The connection to the node was lost (${err.message}).`,
    });
    close(1011, "node");
  });
  browser.once("close", () => {
    clearInterval(watch);
    void recordAuditEvent({
      actor,
      action: "container.console-close",
      result: "success",
      targetType: "container",
      targetId: container.id,
      tenantId: container.tenantId,
      ip,
      details: {
        ctid: container.ctid,
        seconds: Math.round((Date.now() - startedAt) / 1000),
        bytesIn,
        bytesOut,
      },
    }).catch(() => undefined);
  });
}
