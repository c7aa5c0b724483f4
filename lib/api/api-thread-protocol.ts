import type { ApiCall, ApiReply } from "./answer-api-call";

/** Main thread → API thread. */
export type ToApiThread =
  | { type: "call"; id: number; call: ApiCall }
  /** The client left before the answer: abort the call (a task wait stops). */
  | { type: "abort"; id: number }
  /** Tokens, users or tenants changed elsewhere: drop this thread's cached tokens. */
  | { type: "forget" };

/** API thread → main thread. */
export type FromApiThread =
  | { type: "ready" }
  | { type: "reply"; id: number; reply: ApiReply }
  /** This thread changed tokens, users or tenants: every other thread must forget. */
  | { type: "forget" };
