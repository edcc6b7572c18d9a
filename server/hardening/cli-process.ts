/**
 * The `invobi` CLI as a child process for tests: the server build's dist/server/cli.js
 * (what bin/invobi.js runs), with the given environment on top of ours. Resolves with
 * the exit code and both outputs — a non-zero exit is an answer to check, not a throw.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { builtServerFile } from "../test/server-build.ts";

const root = join(import.meta.dirname, "..", "..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [builtServerFile("cli"), ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs a command line with sh (the PostgreSQL commands `invobi backup` / `restore` print). */
export function runShell(commandLine: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile("sh", ["-c", commandLine], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
