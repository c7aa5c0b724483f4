// Quickstart: makes this host a node of the local panel. Creates the node "local" (if missing) with a
// one-time join token and prints the token; scripts/quickstart passes it to `berth-agent join`.
//   tsx --conditions=react-server scripts/enrol-local-node.ts token      -> prints a join token, or nothing if joined
//   tsx --conditions=react-server scripts/enrol-local-node.ts defaults   -> adds the node's templates to the catalogue,
//        and, on a panel that has none yet, a plan "basic" and an IP pool "local" on the agent's bridge subnet
import { SYSTEM_ACTOR } from "../lib/auth/actor";
import { db } from "../lib/db";
import { createIpPool } from "../lib/ip-pools/create-ip-pool";
import { createNode } from "../lib/nodes/create-node";
import { renewJoinToken } from "../lib/nodes/renew-join-token";
import { createPlan } from "../lib/plans/create-plan";
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
} else if (mode === "defaults") {
  if (!node) throw new Error(`no node named ${NAME}`);
  const { added } = await importNodeTemplates({ actor: SYSTEM_ACTOR, nodeId: node.id });
  console.log(
    added.length ? `Templates added to the catalogue: ${added.join(", ")}` : "Template catalogue up to date.",
  );
  if ((await db.plan.count()) === 0) {
    await createPlan({
      actor: SYSTEM_ACTOR,
      input: {
        name: "basic",
        description: "256 MiB RAM, 2 GiB disk",
        ram: "256M",
        swap: "256M",
        numproc: "256",
        diskspace: "2G",
        diskspaceLimit: "2G",
      },
    });
    console.log('Plan "basic" created (256 MiB RAM, 2 GiB disk).');
  }
  const bridgeCidr = process.env.BERTH_BRIDGE_CIDR;
  if ((await db.ipPool.count()) === 0 && bridgeCidr) {
    // The bridge's own address is the containers' gateway; the pool is the rest of its subnet.
    const [gateway, prefix] = bridgeCidr.split("/");
    const network = `${gateway?.split(".").slice(0, 3).join(".")}.0/${prefix}`;
    await createIpPool({
      actor: SYSTEM_ACTOR,
      input: { name: "local", cidr: network, gateway, nameservers: "", nodeIds: [node.id] },
    });
    console.log(`IP pool "local" created: ${network}, gateway ${gateway}.`);
  }
} else {
  throw new Error("usage: enrol-local-node.ts token|defaults");
}
process.exit(0);
