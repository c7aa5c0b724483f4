import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Cgroups } from "../driver/cgroups";
import { AgentError } from "../errors";

// The cgroup freezer, as vzdump's suspend mode uses it: every task of the container stops where it is (no
// signal it could see), the file system is copied, and the tasks go on. v1: freezer.state FROZEN/THAWED;
// v2: cgroup.freeze 1/0, done when cgroup.events says "frozen 1".

const FREEZE_TIMEOUT_MS = 10_000;

function files(cg: Cgroups, ctid: number): { control: string; state: string } {
  if (cg.version === 1) {
    const state = path.join(cg.dir("freezer", ctid), "freezer.state");
    return { control: state, state };
  }
  const dir = cg.dir("", ctid);
  return { control: path.join(dir, "cgroup.freeze"), state: path.join(dir, "cgroup.events") };
}

async function isFrozen(cg: Cgroups, state: string): Promise<boolean> {
  const text = await fs.readFile(state, "utf8");
  return cg.version === 1 ? text.trim() === "FROZEN" : /^frozen 1$/m.test(text);
}

/** Freezes the container's tasks and waits until the kernel reports them all frozen. */
export async function freezeContainer(cg: Cgroups, ctid: number): Promise<void> {
  const f = files(cg, ctid);
  if (!existsSync(f.control))
    throw new AgentError("NOT_SUPPORTED", `the cgroup freezer is not available for container ${ctid}`);
  await fs.writeFile(f.control, cg.version === 1 ? "FROZEN" : "1");
  const deadline = Date.now() + FREEZE_TIMEOUT_MS;
  while (!(await isFrozen(cg, f.state))) {
    if (Date.now() > deadline) {
      await thawContainer(cg, ctid);
      throw new AgentError("CHKPNT_ERROR", "the container's tasks did not freeze within 10 s");
    }
    await new Promise((r) => setTimeout(r, 1));
  }
}

export async function thawContainer(cg: Cgroups, ctid: number): Promise<void> {
  const f = files(cg, ctid);
  if (existsSync(f.control)) await fs.writeFile(f.control, cg.version === 1 ? "THAWED" : "0");
}

export async function isContainerFrozen(cg: Cgroups, ctid: number): Promise<boolean> {
  const f = files(cg, ctid);
  if (!existsSync(f.state)) return false;
  const text = await fs.readFile(f.state, "utf8").catch(() => "");
  return cg.version === 1 ? text.trim() !== "THAWED" && text.trim() !== "" : /^frozen 1$/m.test(text);
}
