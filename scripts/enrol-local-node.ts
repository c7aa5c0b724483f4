// Quickstart: makes this host a node of the local panel. Creates the node "local" (if missing) with a
// one-time join token and prints the token; scripts/quickstart passes it to `berth-agent join`.
//   tsx --conditions=react-server scripts/enrol-local-node.ts token      -> prints a join token, or nothing if joined
//   tsx --conditions=react-server scripts/enrol-local-node.ts templates  -> adds the node's templates to the catalogue
import { SYSTEM_ACTOR } from "../lib/auth/actor";
import { db } from "../lib/db";
import { createNode } from "../lib/nodes/create-node";
import { renewJoinToken } from "../lib/nodes/renew-join-token";
import { importNodeTemplates } from "../lib/templates/import-node-templates";

const NAME = process.env.BERTH_LOCAL_NODE_NAME ?? "local";
const mode = process.argv[2];

const node = await db.node.findUnique({ where: { name: NAME }, select: { id: true, status: true } });
if (mode === "token") {
  if (!node) {
    const created = await createNode({ actor: SYSTEM_ACTOR, input: { name: NAME } });
    console.log(created.joinToken);
  } else if (node.status === "PENDING") {
    console.log((await renewJoinToken({ actor: SYSTEM_ACTOR, nodeId: node.id })).joinToken);
  }
} else if (mode === "templates") {
  if (!node) throw new Error(`no node named ${NAME}`);
  const { added } = await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: node.id });
  console.log(
    added.length ? `Templates added to the catalogue: ${added.join(", ")}` : "Template catalogue up to date.",
  );
} else {
  throw new Error("usage: enrol-local-node.ts token|templates");
}
process.exit(0);
