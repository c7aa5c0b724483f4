// Berth panel server: Next.js behind a plain Node HTTP server, because a Next route handler cannot take a
// websocket upgrade (the browser console at /ws/console arrives through this file's upgrade handler).
// Run with tsx in development (`npm run dev`) and production (`npm start`).
import { createServer, type IncomingMessage } from "node:http";
import { availableParallelism } from "node:os";
import type { Duplex } from "node:stream";
import next from "next";
import { CLIENT_IP_HEADER } from "./lib/auth/client-ip";

const isDev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const trustProxy = process.env.BERTH_TRUST_PROXY === "1";

/** Websocket endpoints served by this file; each registers itself here (the console, in its issue). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
const upgradeHandlers = new Map<string, UpgradeHandler>();

// The client's address as the rest of the panel sees it: the socket peer, or the first X-Forwarded-For hop
// when an operator says a reverse proxy sits in front. Whatever the client sent in this header is dropped.
function stampClientIp(req: IncomingMessage): void {
  delete req.headers[CLIENT_IP_HEADER];
  let ip = req.socket.remoteAddress ?? "unknown";
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) ip = first;
  }
  req.headers[CLIENT_IP_HEADER] = ip.replace(/^::ffff:/, "");
}

/** BERTH_API_THREADS, or by default one API thread per core beyond the first, at most 4. */
function apiThreadCount(): number {
  const set = process.env.BERTH_API_THREADS;
  if (set !== undefined && set !== "") {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 0 || n > 64)
      throw new Error(`BERTH_API_THREADS must be a whole number from 0 to 64; got "${set}".`);
    return n;
  }
  return Math.min(4, Math.max(0, availableParallelism() - 1));
}

async function main(): Promise<void> {
  const app = next({ dev: isDev, hostname: "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  // On its first request Next attaches its own 'upgrade' listener to the request's server, which closes
  // sockets it does not know (ours, e.g. /ws/console) while our handler is still authorizing. This server
  // routes every upgrade itself (Next's own HMR socket included, below), so tell Next it is done.
  (app as unknown as { didWebSocketSetup: boolean }).didWebSocketSetup = true;

  // The REST API skips Next's router (lib/api/serve-node-request.ts); its description stays a Next route.
  const { serveApiNodeRequest, startApiThreads } = await import("./lib/api/serve-node-request");
  const origin = `http://localhost:${port}`;
  // API threads: the API's own cores (BERTH_API_THREADS; 0 answers it on this thread).
  const apiThreads = startApiThreads(apiThreadCount());

  const server = createServer((req, res) => {
    stampClientIp(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/api/v1/") && path !== "/api/v1/openapi.json") {
      void serveApiNodeRequest(req, res, origin);
      return;
    }
    handle(req, res).catch((err: unknown) => {
      console.error("request failed", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    });
  });

  server.on("upgrade", (req, socket, head) => {
    stampClientIp(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const handler = upgradeHandlers.get(path);
    if (handler) return handler(req, socket, head);
    if (isDev && path.startsWith("/_next/")) return void nextUpgrade(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  // The task worker and node poller share this process (and its Prisma client) with the pages.
  const { startBackgroundJobs } = await import("./lib/background");
  startBackgroundJobs();
  const { handleConsoleUpgrade } = await import("./lib/console/handle-console-upgrade");
  upgradeHandlers.set("/ws/console", (req, socket, head) => void handleConsoleUpgrade(req, socket, head));

  server.listen(port, hostname, () => {
    console.log(`Berth panel listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
  });

  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down`);
    void apiThreads?.close();
    server.close(() => process.exit(0));
    // Websockets keep the server open; do not wait for them forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
