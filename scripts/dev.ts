/**
 * `npm run dev`: the API server (reloads on server/ and common/ changes) and the
 * Vite dev server with HMR, whose /graphql, /api and /healthz are proxied to the
 * API (vite.config.ts). Open the URL Vite prints (http://localhost:5173).
 *
 * PORT is the API's port (default 4000); VITE_PORT the SPA's (default 5173).
 * Ctrl-C (or either process exiting) stops both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const apiPort = process.env.PORT ?? "4000";
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["inherit", "pipe", "pipe"] });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop()!;
      for (const line of lines) (stream === child.stderr ? process.stderr : process.stdout).write(prefix + line + "\n");
    });
  }
  return child;
}

const children = [
  run("api", bin("tsx"), ["watch", "--clear-screen=false", "server/main.ts"], { PORT: apiPort, NODE_ENV: process.env.NODE_ENV ?? "development" }),
  run("spa", bin("vite"), ["--port", process.env.VITE_PORT ?? "5173"], { INVOBI_API_URL: `http://localhost:${apiPort}` }),
];

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3_000).unref();
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((done) => child.once("exit", done))))).then(() => process.exit(code));
}
for (const child of children) child.once("exit", (code) => stop(code ?? 1));
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));
