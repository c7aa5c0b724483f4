// Runs one queued task to its end in this process, as the panel's worker would (for operators who want a
// stuck queue's task run now, and for the panel-restart test).
//   tsx --conditions=react-server scripts/run-task.ts <task-id>
import { processTask } from "../lib/tasks/worker";

const taskId = process.argv[2];
if (!taskId) {
  console.error("usage: run-task.ts <task-id>");
  process.exit(2);
}
const ran = await processTask(taskId);
console.log(ran ? `task ${taskId} ran` : `task ${taskId} is not queued`);
process.exit(ran ? 0 : 1);
