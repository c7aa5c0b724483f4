// The entry of an API thread (lib/api/api-threads.ts): TypeScript through tsx, as in the panel's own
// thread, then the worker itself. A plain module, because a thread does not get the parent's --import
// hooks on Node 20.
import { register } from "tsx/esm/api";

register();
await import("./api-thread-worker.ts");
