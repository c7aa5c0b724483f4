import "server-only";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors/app-error";
import { toErrorResponse } from "../errors/http-response";
import { type ApiCall, type ApiReply, toApiReply } from "./answer-api-call";
import type { FromApiThread, ToApiThread } from "./api-thread-protocol";
import { clearCachedApiTokens, onForgetCachedApiTokens } from "./authenticate-api-request";

// The thread's Node flags: the panel's own, less its tsx hook (the boot module registers tsx itself),
// with the server build's conditions.
const THREAD_EXEC_ARGV = [
  ...process.execArgv.filter(
    (a, i, all) =>
      a !== "--conditions=react-server" &&
      !(a === "--import" && all[i + 1] === "tsx") &&
      !(a === "tsx" && all[i - 1] === "--import"),
  ),
  "--conditions=react-server",
];

type Slot = { worker: Worker; pending: Map<number, (reply: ApiReply) => void> };

/**
 * /api/v1 answered on worker threads, so the API uses more than the one core the pages, websockets and
 * task worker share (bench/panel-api-load). Each thread has its own Prisma client, token cache and
 * rate-limit buckets; the calls of one token always go to the same thread, so its budget stays one
 * budget. A forget of cached tokens in any thread reaches the others through this thread, on the same
 * ports the calls use, so a call that follows a revocation is answered after the forget.
 */
export class ApiThreadPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private isClosed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
    onForgetCachedApiTokens(() => {
      for (const s of this.slots) this.post(s, { type: "forget" });
    });
  }

  /**
   * Answers `call` on the thread of `key` (the Authorization header, or the client's address without one).
   * `onAbort` receives a function that aborts the call, for a client that leaves early.
   */
  answer(call: ApiCall, key: string, onAbort: (abort: () => void) => void): Promise<ApiReply> {
    const slot = this.slots[hashKey(key) % this.slots.length] as Slot;
    const id = this.nextId++;
    return new Promise<ApiReply>((resolve) => {
      slot.pending.set(id, resolve);
      onAbort(() => this.post(slot, { type: "abort", id }));
      this.post(slot, { type: "call", id, call });
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private post(slot: Slot, message: ToApiThread): void {
    slot.worker.postMessage(message);
  }

  private spawn(index: number): Slot {
    const worker = new Worker(new URL("./api-thread-boot.mjs", import.meta.url), {
      name: `berth-api-${index}`,
      execArgv: THREAD_EXEC_ARGV,
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.on("message", (message: FromApiThread) => {
      if (message.type === "reply") {
        const resolve = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        resolve?.(message.reply);
      } else if (message.type === "forget") {
        clearCachedApiTokens();
        for (const other of this.slots) if (other !== slot) this.post(other, { type: "forget" });
      }
    });
    worker.on("error", (err) => console.error(`API thread ${index} failed`, err));
    worker.on("exit", (code) => {
      void this.failPending(slot);
      if (this.isClosed) return;
      console.error(`API thread ${index} exited (${code}); starting another`);
      const fresh = this.spawn(index);
      this.slots[index] = fresh;
    });
    return slot;
  }

  private async failPending(slot: Slot): Promise<void> {
    if (slot.pending.size === 0) return;
    const reply = await toApiReply(
      toErrorResponse(
        new AppError("UNAVAILABLE", "The panel's API thread stopped while answering. Retry the request."),
      ),
    );
    for (const resolve of slot.pending.values()) resolve(reply);
    slot.pending.clear();
  }
}

/** A string's FNV-1a hash: spreads tokens over the threads, the same token always on the same one. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
