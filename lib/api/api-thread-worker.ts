// One API thread (lib/api/api-threads.ts starts them): answers the /api/v1 calls the main thread posts,
// with its own Prisma client, token cache and rate-limit buckets. Pure message passing; no HTTP here.
import "server-only";
import { parentPort } from "node:worker_threads";
import { toErrorResponse } from "../errors/http-response";
import { answerApiCall, toApiReply } from "./answer-api-call";
import type { FromApiThread, ToApiThread } from "./api-thread-protocol";
import { clearCachedApiTokens, onForgetCachedApiTokens } from "./authenticate-api-request";

const port = parentPort;
if (!port) throw new Error("lib/api/api-thread-worker.ts runs as a worker thread of the panel only.");
const post = (message: FromApiThread) => port.postMessage(message);
const inFlight = new Map<number, AbortController>();

// A change this thread makes (an API call that suspends a tenant, say) reaches every other thread.
onForgetCachedApiTokens(() => post({ type: "forget" }));

port.on("message", (message: ToApiThread) => {
  if (message.type === "forget") clearCachedApiTokens();
  else if (message.type === "abort") inFlight.get(message.id)?.abort();
  else if (message.type === "call") void answer(message.id, message.call);
});

async function answer(id: number, call: Parameters<typeof answerApiCall>[0]): Promise<void> {
  const controller = new AbortController();
  inFlight.set(id, controller);
  try {
    post({ type: "reply", id, reply: await answerApiCall(call, controller.signal) });
  } catch (err) {
    post({ type: "reply", id, reply: await toApiReply(toErrorResponse(err)) });
  } finally {
    inFlight.delete(id);
  }
}

post({ type: "ready" });
