import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The undo of a failed container.create against a real database, with the node's agent answered here: the
// node is asked to destroy the CTID only when this task made the container there, never when the agent
// refused it (a container the panel does not know uses it) or never got the command.

vi.mock("../../nodes/agent-client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../nodes/agent-client")>();
  return { ...actual, callAgent: vi.fn() };
});

const { createTestDatabase } = await import("../../testing/test-db");
const testDb = createTestDatabase();
const { db } = await import("../../db");
const agentClient = await import("../../nodes/agent-client");
const { AppError } = await import("../../errors/app-error");
const { createContainer } = await import("./create-container");
const { createTaskContext } = await import("../task-context");

type CreateAnswer = "succeeded" | "refused" | "never-sent" | "offline";

let nodeId = "";
let tenantId = "";
let sent: string[] = [];

function operation(id: string, status: "succeeded" | "failed") {
  return {
    id,
    type: "container.create",
    ctid: 101,
    status,
    progress: 100,
    log: [],
    ...(status === "failed"
      ? { error: { code: "VE_PRIVATE_EXIST", message: "Private area already exists", exitCode: 44 } }
      : {}),
  };
}

/** The agent: how it answers a question about the create's command id; every command sent succeeds. */
function agentAnswers(create: CreateAnswer) {
  vi.mocked(agentClient.callAgent).mockImplementation(async (_node, request) => {
    if (request.method === "POST") {
      const body = request.body as { id: string; command: { type: string } };
      sent.push(body.command.type);
      return { protocolVersion: 1, operation: operation(body.id, "succeeded") };
    }
    const id = request.path.split("/").pop()?.split("?")[0] ?? "";
    if (create === "offline")
      throw new AppError("UNAVAILABLE", "Node n is offline", { reason: "node-offline" });
    if (create === "never-sent") throw new AppError("NOT_FOUND", "Node n: no such operation");
    return { protocolVersion: 1, operation: operation(id, create === "succeeded" ? "succeeded" : "failed") };
  });
}

// Each failed create its own CTID on the node (random ones can collide).
let nextCtid = 101;
async function failedCreate(input: Record<string, unknown> = {}) {
  const container = await db.container.create({
    data: {
      nodeId,
      ctid: nextCtid++,
      tenantId,
      hostname: `c${Math.random().toString(36).slice(2)}.example.com`,
      status: "CREATING",
      ramMb: 256,
      diskspaceMb: 1024,
      diskspaceLimitMb: 1024,
    },
    select: { id: true },
  });
  const task = await db.task.create({
    data: {
      type: "container.create",
      status: "FAILED",
      containerId: container.id,
      nodeId,
      commandId: `cmd${Math.random().toString(36).slice(2, 12)}`,
      input: JSON.stringify(input),
    },
  });
  const ctx = createTaskContext({ ...task, input: JSON.parse(task.input) });
  await createContainer.onFailure?.(ctx, new Error("failed"));
  const logLines = await db.taskLogLine.findMany({ where: { taskId: task.id }, select: { message: true } });
  return {
    isRowGone: (await db.container.findUnique({ where: { id: container.id } })) === null,
    log: logLines.map((l) => l.message).join("\n"),
  };
}

describe("container.create's undo", () => {
  beforeAll(async () => {
    nodeId = (
      await db.node.create({
        data: { name: "undo-node", agentUrl: "http://127.0.0.1:1", status: "ONLINE", publicKey: "x" },
      })
    ).id;
    tenantId = (await db.tenant.create({ data: { name: "T" } })).id;
  });
  beforeEach(() => {
    sent = [];
    vi.mocked(agentClient.callAgent).mockReset();
  });
  afterAll(async () => {
    await db.$disconnect();
    testDb.cleanup();
  });

  it("destroys on the node a container the task recorded as made", async () => {
    agentAnswers("refused"); // not asked: the task's own record says it made it
    const r = await failedCreate({ isCreated: true });
    expect(sent).toEqual(["container.stop", "container.destroy"]);
    expect(r.isRowGone).toBe(true);
  });

  it("destroys it when the agent says the task's create succeeded (its answer was lost)", async () => {
    agentAnswers("succeeded");
    const r = await failedCreate();
    expect(sent).toEqual(["container.stop", "container.destroy"]);
    expect(r.isRowGone).toBe(true);
  });

  it("never destroys a CTID the agent refused to create (another container has it)", async () => {
    agentAnswers("refused");
    const r = await failedCreate();
    expect(sent).toEqual([]);
    expect(r.isRowGone).toBe(true);
  });

  it("never destroys when the create was never sent (a failure before it)", async () => {
    agentAnswers("never-sent");
    const r = await failedCreate();
    expect(sent).toEqual([]);
    expect(r.isRowGone).toBe(true);
  });

  it("leaves the node alone and says what to check when the node cannot tell", async () => {
    agentAnswers("offline");
    const r = await failedCreate();
    expect(sent).toEqual([]);
    expect(r.isRowGone).toBe(true);
    expect(r.log).toContain("left as it is");
  });
});
