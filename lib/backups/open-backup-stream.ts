import "server-only";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { Readable } from "node:stream";
import {
  BACKUP_STREAM_HEADER,
  backupPath,
  backupStreamDescriptor,
  signRequest,
  verifyReply,
} from "@/agent/protocol";
import { AppError } from "../errors/app-error";
import { type AgentEndpoint, connectToAgent } from "../nodes/agent-client";
import { getPanelSigningKey } from "../nodes/panel-keys";

/**
 * Opens a node's archive as a stream (signed GET /v1/backups/<name>). The agent signs a descriptor (name and
 * size) instead of the body; the connection is the pinned one. The bytes are checked where they are restored
 * (the manifest's payload sha256), so a relay never needs to hold a whole archive.
 */
export async function openBackupStream(
  node: AgentEndpoint,
  archive: string,
): Promise<{ body: ReadableStream<Uint8Array>; size: number }> {
  if (!node.publicKey) throw new AppError("UNAVAILABLE", `Node ${node.name} has not joined yet.`);
  const key = await getPanelSigningKey();
  const path = backupPath(archive);
  const nonce = randomBytes(18).toString("base64url");
  const headers = signRequest({
    method: "GET",
    path,
    nodeId: node.id,
    keyId: key.keyId,
    privateKey: key.privateKey,
    nonce,
  });
  let socket: Awaited<ReturnType<typeof connectToAgent>>;
  try {
    socket = await connectToAgent(node);
  } catch (err) {
    throw new AppError("UNAVAILABLE", `Node ${node.name} is offline (${(err as Error).message}).`);
  }
  const base = new URL(node.agentUrl);
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      {
        method: "GET",
        path,
        host: base.hostname,
        createConnection: () => socket,
        headers: { ...headers, host: base.host },
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
  const flat = Object.fromEntries(
    Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const size = Number(res.headers["content-length"]);
  const descriptor = backupStreamDescriptor(archive, size);
  const signed =
    res.statusCode === 200 &&
    flat[BACKUP_STREAM_HEADER] === descriptor &&
    verifyReply({
      status: 200,
      body: descriptor,
      headers: flat,
      nodeId: node.id,
      requestNonce: nonce,
      agentPublicKey: node.publicKey,
    });
  if (!signed) {
    res.destroy();
    throw new AppError(
      res.statusCode === 404 ? "NOT_FOUND" : "UNAVAILABLE",
      res.statusCode === 404
        ? `The archive ${archive} is no longer on node ${node.name}.`
        : `Node ${node.name} did not send the archive with a valid signature.`,
    );
  }
  return { body: Readable.toWeb(res) as ReadableStream<Uint8Array>, size };
}
