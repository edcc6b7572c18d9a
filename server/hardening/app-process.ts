/**
 * The real server as a child process for hardening tests: the production build
 * (`node dist/server/main.js`, built once per run by the global setup; no wrapper, so
 * a SIGKILL hits the server itself), its own process group (so the Prisma migrate
 * child dies with it), on PORT=0 with the port read from the "listening" log line,
 * ready once /healthz answers 200. Start-up is a poll on those conditions with a
 * generous deadline: a loaded machine makes it slower, never a failure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtServerFile } from "../test/server-build.ts";

const root = join(import.meta.dirname, "..", "..");
/** How long start-up may take before the test fails (it takes ~1–2 s; minutes only on a stalled machine). */
export const SERVER_START_DEADLINE_MS = 120_000;

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startMs: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code / signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal to the process group and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ServerProcess>();

/** A fresh DATA_DIR (the server writes its generated session secret there). */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "invobi-hardening-"));
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function startServer(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? SERVER_START_DEADLINE_MS;
  const main = builtServerFile("main");
  const started = Date.now();
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  // Always drain both pipes: a full pipe would block the server's logger.
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const pid = child.pid!;
  const proc: ServerProcess = {
    child,
    pid,
    port: 0,
    baseUrl: "",
    startMs: 0,
    output: () => output,
    exited,
    async kill(signal = "SIGKILL") {
      signalGroup(pid, signal);
      const result = await exited;
      // The group may hold a straggler (e.g. prisma migrate during start-up).
      signalGroup(pid, "SIGKILL");
      running.delete(proc);
      return result;
    },
  };
  running.add(proc);

  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = started + timeoutMs;
  try {
    while (!proc.port) {
      if (gone) throw new Error(`server exited during start-up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`server did not log its port within ${timeoutMs} ms:\n${output}`);
      const match = /"port":(\d+)/.exec(output);
      if (match) proc.port = Number(match[1]);
      else await sleep(25);
    }
    proc.baseUrl = `http://127.0.0.1:${proc.port}`;
    for (;;) {
      if (gone) throw new Error(`server exited during start-up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms:\n${output}`);
      const ok = await fetch(`${proc.baseUrl}/healthz`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) break;
      await sleep(25);
    }
  } catch (error) {
    await proc.kill("SIGKILL");
    throw error;
  }
  proc.startMs = Date.now() - started;
  return proc;
}

/** SIGKILLs every server this module started that is still running (for afterAll). */
export async function killAllServers(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.kill("SIGKILL")));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
