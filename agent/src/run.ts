import { execFile, spawn } from "node:child_process";

export type RunResult = { code: number; stdout: string; stderr: string };

/**
 * Runs a program with an argument array, never a shell. `input` is written to stdin (passwords go this way).
 * Resolves with the exit code instead of throwing; `runOk` throws on a non-zero exit.
 */
export function run(
  file: string,
  args: readonly string[],
  opts: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: opts.timeoutMs ?? 0,
        env: opts.env ?? process.env,
        encoding: "utf8",
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") {
          if (err.code === "ENOENT") return reject(new Error(`${file}: not installed`));
          if (err.killed) return resolve({ code: 124, stdout, stderr: `${stderr}\n${file}: timed out` });
          return reject(err);
        }
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export async function runOk(
  file: string,
  args: readonly string[],
  opts: { input?: string | Buffer; timeoutMs?: number } = {},
): Promise<string> {
  const r = await run(file, args, opts);
  if (r.code !== 0) {
    const msg = (r.stderr || r.stdout).trim().split("\n").slice(-3).join("; ");
    throw new Error(`${file} ${args.slice(0, 3).join(" ")} failed (exit ${r.code}): ${msg}`);
  }
  return r.stdout;
}

/** Runs with the caller's terminal attached (vzctl enter, exec without capture); resolves with the exit code. */
export function runInteractive(file: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + 9 : 1)));
  });
}
