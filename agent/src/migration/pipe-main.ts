import { runPipe } from "./pipe";

// Entry point of the bundled rsync remote shell (agent/dist/migrate-pipe.mjs, built by rsync.ts).
process.exitCode = await runPipe(process.argv.slice(2));
