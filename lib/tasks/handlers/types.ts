import type { TaskContext } from "../task-context";

export type TaskHandler = ((ctx: TaskContext) => Promise<unknown>) & {
  /** Undo what a failed run left behind in the panel (e.g. the row of a container never made). */
  onFailure?: (ctx: TaskContext, err: unknown) => Promise<void>;
};
