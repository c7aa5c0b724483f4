#!/usr/bin/env node
// Entry point of berth-agent; also runs as vzctl, vzlist or vzsplit when symlinked under those names.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
