/**
 * Load generation (autocannon) and the server-side measurements that go with it:
 * exact latency percentiles (every response time, not autocannon's 1-ms histogram
 * buckets) over a steady-state window, and the server process's resident memory
 * sampled from /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";

export interface Scenario {
  name: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Paths to rotate through (one per request, round robin); default: the url's own path. */
  paths?: string[];
}

export interface LoadResult {
  name: string;
  /** 2xx responses per second over the measured window. */
  rps: number;
  responses: number;
  /** The measured window: from the end of the warm-up (and of the ramp-up) to the end of the run. */
  windowSeconds: number;
  /** Seconds until every connection had its first response. */
  rampUpSeconds: number | null;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Non-2xx responses and connection errors/timeouts inside the window: must be 0 for a valid measurement. */
  non2xx: number;
  errors: number;
  /** Connection errors/timeouts before the window opened (ramp-up under saturation). */
  rampUpErrors: number;
  bytesPerResponse: number;
  /** Server RSS (MiB): before the run, peak during it. */
  rssBeforeMiB: number | null;
  rssPeakMiB: number | null;
}

export interface LoadOptions {
  connections: number;
  /** Measured seconds after the warm-up (the window shrinks if the ramp-up outlasts the warm-up). */
  durationSeconds: number;
  warmupSeconds: number;
  /** The server's pid, for RSS. */
  pid?: number;
}

export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Longest ramp-up waited for before a measurement is given up (the run is then invalid). */
const MAX_RAMP_UP_SECONDS = 60;

/**
 * One autocannon run: warm-up, then a measured window of `durationSeconds` that opens
 * only once every connection has had its first response. Under saturation a new
 * connection's first request waits seconds behind the running ones (the ramp-up:
 * the server accepts connections between rounds of work — a plain node:http server
 * shows it too), which is not the steady state these numbers describe. Responses
 * outside the window, and each connection's first response, are not counted.
 */
export async function runLoad(scenario: Scenario, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const warmupEnds = started + options.warmupSeconds * 1000;
  const firstSeen = new Set<number>();
  let allConnectedAt = Number.POSITIVE_INFINITY;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let rssBefore: number | null = null;
  let rssPeak: number | null = null;
  const sampler = setInterval(() => {
    const now = performance.now();
    if (!options.pid || now < windowStart || now > windowEnd) return;
    const rss = rssMiB(options.pid);
    if (rss !== null && (rssPeak === null || rss > rssPeak)) rssPeak = rss;
  }, 100);
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let bytes = 0;
  let non2xx = 0;
  let errors = 0;
  let rampUpErrors = 0;
  const onError = () => {
    const now = performance.now();
    if (now >= windowStart && now <= windowEnd) errors++;
    else if (now < windowStart) rampUpErrors++;
  };
  let tracker: autocannon.Instance | undefined;
  const onResponse = (client: number, status: number, size: number, ms: number) => {
    const now = performance.now();
    if (!firstSeen.has(client)) {
      firstSeen.add(client);
      if (firstSeen.size === options.connections) allConnectedAt = now;
      return;
    }
    if (windowStart === Number.POSITIVE_INFINITY && now >= warmupEnds && now >= allConnectedAt) {
      windowStart = now;
      rssBefore = options.pid ? rssMiB(options.pid) : null;
      rssPeak = rssBefore;
      setTimeout(() => {
        windowEnd = performance.now();
        tracker?.stop();
      }, options.durationSeconds * 1000);
    }
    if (now < windowStart || now > windowEnd) return;
    if (status < 200 || status >= 300) {
      non2xx++;
      return;
    }
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
    bytes += size;
  };
  let next = 0;
  let clients = 0;
  const paths = scenario.paths;
  await new Promise<autocannon.Result>((resolve, reject) => {
    tracker = autocannon(
      {
        url: scenario.url,
        connections: options.connections,
        // Stopped once the window has lasted durationSeconds; this only bounds a ramp-up that never ends.
        duration: options.warmupSeconds + options.durationSeconds + MAX_RAMP_UP_SECONDS,
        // Generous: a saturated server's ramp-up can take seconds; a timeout inside the window still counts.
        timeout: 30,
        method: scenario.method ?? "GET",
        headers: scenario.headers,
        body: scenario.body,
        requests: paths?.length ? [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }] : undefined,
        setupClient: (client) => {
          const id = clients++;
          client.on("response", (status, size, ms) => onResponse(id, status, size, ms));
          // Client is an EventEmitter; its typings list only the response-side events.
          const events = client as unknown as NodeJS.EventEmitter;
          events.on("timeout", onError);
          events.on("connError", onError);
        },
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
  });
  clearInterval(sampler);
  const windowSeconds = Number.isFinite(windowStart) ? (Math.min(windowEnd, performance.now()) - windowStart) / 1000 : 0;
  const sorted = latencies.subarray(0, n).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    name: scenario.name,
    rps: windowSeconds > 0 ? n / windowSeconds : 0,
    responses: n,
    windowSeconds,
    rampUpSeconds: Number.isFinite(allConnectedAt) ? (allConnectedAt - started) / 1000 : null,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: n ? sorted[n - 1]! : Number.NaN,
    mean: n ? sum / n : Number.NaN,
    non2xx,
    errors,
    rampUpErrors,
    bytesPerResponse: n ? bytes / n : 0,
    rssBeforeMiB: rssBefore,
    rssPeakMiB: rssPeak,
  };
}

// ---------------------------------------------------------------- child servers

export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  origin: string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point in its own Node process (tsx loader) and waits for its IPC "ready". */
export async function startChild(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  /** stdout goes here (the app's request log); default: discarded. */
  logFile?: string;
  cwd: string;
}): Promise<ChildServer> {
  const stdout = options.logFile ? openSync(options.logFile, "a") : "ignore";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", stdout, "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start within 60 s`)), 60_000);
    child.once("message", (message: { ready?: boolean; port?: number }) => {
      clearTimeout(timer);
      if (message?.ready && message.port) resolve(message.port);
      else reject(new Error(`${options.name}: unexpected message ${JSON.stringify(message)}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before it was ready`));
    });
  });
  return {
    name: options.name,
    pid: child.pid!,
    port,
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

export const repoRoot = join(import.meta.dirname, "..");
