// Starts and stops real app processes (test/workers/app-process.ts) for the tests of several
// processes on one PostgreSQL: server/jobs/several-processes.int.test.ts and
// server/notifications/shared-budget-processes.int.test.ts.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type TAppProcess = { child: ChildProcess; request(body: Record<string, unknown>): Promise<unknown> };

/** A forked app process with `env` added to this one's, once it has loaded and reached the database. */
export function startAppProcess(env: Record<string, string>): Promise<TAppProcess> {
  const child = fork("test/workers/app-process.ts", [], {
    cwd: ROOT,
    env: { ...process.env, ...env, SLEEP_SCALE: "0.001" },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited: Error | null = null;
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      exited = new Error(`app process exited (${code})`);
      for (const w of waiting.values()) w.reject(exited);
      reject(exited);
    });
    child.on("message", (m: { ready?: true; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) {
        resolve({
          child,
          request: (body) =>
            new Promise((res, rej) => {
              if (exited) return rej(exited);
              const id = nextId++;
              waiting.set(id, { resolve: res, reject: rej });
              child.send({ ...body, id });
            }),
        });
        return;
      }
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  });
}

/** Asks each process to stop (its runner, then its pool) and waits for it to exit. */
export async function stopAppProcesses(processes: TAppProcess[]): Promise<void> {
  await Promise.all(
    processes.map((p) => new Promise<void>((resolve) => {
      p.child.once("exit", () => resolve());
      p.child.send("stop");
    })),
  );
}
