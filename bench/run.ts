/**
 * API benchmark (issue 9): the real app against a raw baseline, side by side.
 *
 *   npm run bench                      1k, 10k and 100k invoices
 *   npm run bench -- --quick           1k and 10k (no 100k database)
 *   npm run bench -- --scale 10k,100k  choose the scales (or BENCH_SCALES=…)
 *   npm run bench -- --duration 5 --connections 32 --warmup 2 --keep
 *   BENCH_LOG_LEVEL=warn npm run bench   (the app's LOG_LEVEL; default info, as deployed)
 *
 * Per scale: a fresh SQLite database in a temp dir with one account and N invoices
 * (bench/seed.ts; the fast path is verified against createInvoice first), the app in
 * its own process (bench/app-server.ts = server/main.ts's wiring) and the raw
 * baseline in another (bench/baseline-server.ts), so autocannon — in this process —
 * does not share the server's event loop. Then, at 10k invoices: baseline list,
 * REST list, GraphQL list, REST get and the PDF download; at the other scales the
 * three lists, for the latency growth. Each measurement is autocannon with N
 * connections; only the steady state counts (bench/load.ts: after the warm-up and
 * once every connection is up). SQL statements per request are counted in-process
 * with Prisma's query event, and a sequential in-process breakdown shows where a
 * list request's time goes. Prints the tables and PASS/FAIL per target, writes
 * bench/results/latest.json and bench/results/latest.md.
 */
import "./production-env.ts";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBaseline } from "./baseline.ts";
import { listBreakdown, type Piece } from "./breakdown.ts";
import { BENCH_SESSION_SECRET, inProcessApp, statementsPerRequest } from "./in-process.ts";
import { repoRoot, runLoad, startChild, type ChildServer, type LoadResult, type Scenario } from "./load.ts";
import { migratedTemplate, seedDatabase, verifySeededRows, type SeededDatabase } from "./seed.ts";

// ---------------------------------------------------------------- options

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    scale: { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

function parseScale(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--scale: "${text}" is not a count like 1k, 10000 or 100k`);
  return Math.round(Number(match[1]) * ({ "": 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as "" | "k" | "m"]));
}

const MAIN_SCALE = 10_000;
const scaleText = flags.scale ?? process.env.BENCH_SCALES;
const scales = [...new Set([MAIN_SCALE, ...(scaleText ? scaleText.split(",").map(parseScale) : flags.quick ? [1_000] : [1_000, 100_000])])].sort((a, b) => a - b);
const DURATION = Number(flags.duration ?? process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(flags.warmup ?? process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(flags.connections ?? process.env.BENCH_CONNECTIONS ?? 32);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";

const TARGETS = { restRatio: 0.6, graphqlRatio: 0.5, growth: 1.5, p99Ms: 25 };

const GRAPHQL_LIST = `query BenchInvoices {
  invoices(first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id number title status issuedAt dueAt paidAt isOverdue currency locale
      customer { name email }
      items { description quantity unit unitPrice discountPercent taxPercent taxName amount { amount formatted } }
      discounts { description kind value }
      taxes { name rate }
      totals {
        subtotal { amount formatted }
        discounts { description amount { amount formatted } }
        discountTotal { amount formatted }
        taxes { name rate base { amount } amount { amount formatted } }
        taxTotal { amount formatted }
        total { amount formatted }
      }
    } }
  }
}`;

// ---------------------------------------------------------------- helpers

const started = performance.now();
const say = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const fmt = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits));
const scaleName = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

function table(header: string[], rows: (string | number)[][], align: ("l" | "r")[] = []): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => ((align[i] ?? (i === 0 ? "l" : "r")) === "l" ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [line(cells[0]!), `|${widths.map((w, i) => ((align[i] ?? (i === 0 ? "l" : "r")) === "l" ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

interface Servers {
  app: ChildServer;
  baseline: ChildServer;
}

async function startServers(db: SeededDatabase, dir: string): Promise<Servers> {
  const app = await startChild({
    name: "app",
    entry: join(repoRoot, "bench/app-server.ts"),
    cwd: repoRoot,
    logFile: join(dir, `app-${db.count}.log`),
    env: {
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      PORT: "0",
      HOST: "127.0.0.1",
      RATE_LIMIT_PER_MINUTE: "1000000000",
      LOG_LEVEL,
      SESSION_SECRET: BENCH_SESSION_SECRET,
      DATA_DIR: dir,
      REDIS_URL: process.env.BENCH_REDIS_URL ?? "",
    },
  });
  const baseline = await startChild({
    name: "baseline",
    entry: join(repoRoot, "bench/baseline-server.ts"),
    cwd: repoRoot,
    env: { BENCH_DB: db.path },
  });
  return { app, baseline };
}

function scenarios(db: SeededDatabase, servers: Servers) {
  const auth = { authorization: `Bearer ${db.token}` };
  // 1000 different invoices for the single-invoice routes, spread over the whole table.
  const step = Math.max(1, Math.floor(db.invoiceIds.length / 1000));
  const sample = db.invoiceIds.filter((_, i) => i % step === 0).slice(0, 1000);
  const list = "/api/v1/invoices?per_page=20";
  return {
    baseline: { name: "raw baseline (list)", url: servers.baseline.origin + list, headers: auth } satisfies Scenario,
    restList: { name: "REST list", url: servers.app.origin + list, headers: auth } satisfies Scenario,
    graphqlList: {
      name: "GraphQL list",
      url: `${servers.app.origin}/graphql`,
      method: "POST",
      headers: { ...auth, "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: GRAPHQL_LIST }),
    } satisfies Scenario,
    restGet: { name: "REST get", url: servers.app.origin + list, headers: auth, paths: sample.map((id) => `/api/v1/invoices/${id}`) } satisfies Scenario,
    pdf: { name: "PDF download", url: servers.app.origin + list, headers: auth, paths: sample.map((id) => `/api/v1/invoices/${id}/download`) } satisfies Scenario,
  };
}

/** The app and the baseline must answer the list with the same bytes, and GraphQL with 20 full invoices. */
async function sanityCheck(db: SeededDatabase, servers: Servers): Promise<void> {
  const s = scenarios(db, servers);
  const [rest, raw] = await Promise.all([
    fetch(s.restList.url, { headers: s.restList.headers }).then((r) => r.text()),
    fetch(s.baseline.url, { headers: s.baseline.headers }).then((r) => r.text()),
  ]);
  if (rest !== raw) throw new Error(`baseline and REST list bodies differ (${raw.length} vs ${rest.length} bytes): the comparison would be unfair`);
  const gql = (await (await fetch(s.graphqlList.url, { method: "POST", headers: s.graphqlList.headers, body: s.graphqlList.body })).json()) as {
    data?: { invoices: { totalCount: number; edges: unknown[] } };
    errors?: unknown;
  };
  if (gql.errors || gql.data?.invoices.edges.length !== 20 || gql.data.invoices.totalCount !== db.count) {
    throw new Error(`GraphQL list answered unexpectedly: ${JSON.stringify(gql).slice(0, 300)}`);
  }
}

/**
 * A measurement counts only if every request got a 2xx answer (autocannon counts
 * timeouts as errors) and the steady-state window kept at least half its length.
 */
const valid = (r: LoadResult) => r.responses > 0 && r.non2xx === 0 && r.errors === 0 && r.windowSeconds >= DURATION / 2;

async function measure(scenario: Scenario, pid: number): Promise<LoadResult> {
  const result = await runLoad(scenario, { connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP, pid });
  say(`  ${scenario.name.padEnd(20)} ${fmt(result.rps, 0).padStart(6)} req/s  p50 ${fmt(result.p50, 2)} ms  p99 ${fmt(result.p99, 2)} ms  RSS ${fmt(result.rssPeakMiB, 0)} MiB  (ramp-up ${fmt(result.rampUpSeconds, 1)} s${result.rampUpErrors ? `, ${result.rampUpErrors} timeouts in it` : ""}, window ${fmt(result.windowSeconds, 1)} s)${valid(result) ? "" : `  !! INVALID: ${result.responses} responses, ${result.non2xx} non-2xx, ${result.errors} errors/timeouts`}`);
  return result;
}

// ---------------------------------------------------------------- run

async function main() {
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "invobi-bench-"));
  say(`Invobi API benchmark — Node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  say(`scales ${scales.map(scaleName).join(", ")}; ${CONNECTIONS} connections, ${DURATION} s window per measurement after ≥ ${WARMUP} s warm-up; LOG_LEVEL=${LOG_LEVEL}; temp dir ${dir}`);
  const children: ChildServer[] = [];
  try {
    const templatePath = await migratedTemplate(join(dir, "template.db"));
    say("migrated the template database");
    const seeded = new Map<number, SeededDatabase>();
    for (const n of scales) {
      const db = await seedDatabase({ templatePath, path: join(dir, `bench-${n}.db`), count: n });
      seeded.set(n, db);
      say(`seeded ${scaleName(n)} invoices (${db.lines.items} items, ${db.lines.discounts} discounts, ${db.lines.taxes} taxes) in ${(db.seedMs / 1000).toFixed(1)} s`);
    }
    const main = seeded.get(MAIN_SCALE)!;

    // Fast-path rows equal createInvoice's, and the per-request SQL, in this process (no load running).
    const inProcess = await inProcessApp(main.url, dir);
    const auth = { authorization: `Bearer ${main.token}` };
    let verified: number;
    let breakdown: Piece[] = [];
    const sql: Record<string, { count: number; statements: string[] }> = {};
    try {
      verified = await verifySeededRows({
        db: inProcess.database.prisma,
        path: main.path,
        userId: main.userId,
        get: async (id) => ((await (await inProcess.request(`/api/v1/invoices/${id}`, { headers: auth })).json()) as { invoice: Record<string, unknown> }).invoice,
      });
      say(`verified: ${verified} seeded invoices (every feature combination) read back exactly like createInvoice's`);
      const id = main.invoiceIds[Math.floor(main.invoiceIds.length / 2)]!;
      sql["REST list"] = await statementsPerRequest(inProcess, "/api/v1/invoices?per_page=20", { headers: auth });
      sql["GraphQL list"] = await statementsPerRequest(inProcess, "/graphql", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/graphql-response+json" },
        body: JSON.stringify({ query: GRAPHQL_LIST }),
      });
      sql["REST get"] = await statementsPerRequest(inProcess, `/api/v1/invoices/${id}`, { headers: auth });
      sql["PDF download"] = await statementsPerRequest(inProcess, `/api/v1/invoices/${id}/download`, { headers: auth });
      breakdown = await listBreakdown({ app: inProcess, path: main.path, userId: main.userId, token: main.token, graphqlQuery: GRAPHQL_LIST });
      say(`per-request cost, sequential in-process: ${breakdown.map((p) => `${fmt(p.ms, 2)} ms`).join(", ")}`);
    } finally {
      await inProcess.close();
    }
    const rawStatements: string[] = [];
    const raw = createBaseline(main.path, { onStatement: (s) => rawStatements.push(s) });
    raw.list(`Bearer ${main.token}`, 1, 20);
    raw.close();
    sql["raw baseline (list)"] = { count: rawStatements.length, statements: rawStatements };
    say(`SQL statements per request: ${Object.entries(sql).map(([k, v]) => `${k} ${v.count}`).join(", ")}`);

    // Load: the main scale first (every API), then the lists at the other scales.
    const results: Record<number, Record<string, LoadResult>> = {};
    for (const n of [MAIN_SCALE, ...scales.filter((s) => s !== MAIN_SCALE)]) {
      const db = seeded.get(n)!;
      const servers = await startServers(db, dir);
      children.push(servers.app, servers.baseline);
      try {
        await sanityCheck(db, servers);
        say(`${scaleName(n)} invoices: app pid ${servers.app.pid}, baseline pid ${servers.baseline.pid}`);
        const s = scenarios(db, servers);
        const plan = n === MAIN_SCALE ? [s.baseline, s.restList, s.graphqlList, s.restGet, s.pdf] : [s.baseline, s.restList, s.graphqlList];
        results[n] = {};
        for (const scenario of plan) {
          const pid = scenario === s.baseline ? servers.baseline.pid : servers.app.pid;
          results[n]![scenario.name] = await measure(scenario, pid);
        }
      } finally {
        await servers.app.stop();
        await servers.baseline.stop();
        children.splice(0);
      }
    }

    report({ results, sql, breakdown, seeded, verified, loadBefore, dir });
  } finally {
    for (const child of children) await child.stop();
    if (!flags.keep) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

function report(input: {
  results: Record<number, Record<string, LoadResult>>;
  sql: Record<string, { count: number; statements: string[] }>;
  breakdown: Piece[];
  seeded: Map<number, SeededDatabase>;
  verified: number;
  loadBefore: number[];
  dir: string;
}) {
  const { results, sql } = input;
  const mainResults = results[MAIN_SCALE]!;
  const baseline = mainResults["raw baseline (list)"]!;
  const ratio = (r: LoadResult) => r.rps / baseline.rps;
  const apis = ["raw baseline (list)", "REST list", "GraphQL list", "REST get", "PDF download"];
  const mainTable = table(
    ["API (10k invoices)", "req/s", "p50 ms", "p99 ms", "server RSS MiB (peak)", "× baseline", "SQL/request"],
    apis.map((name) => {
      const r = mainResults[name]!;
      return [valid(r) ? name : `${name} (INVALID: ${r.non2xx} non-2xx, ${r.errors} errors)`, fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.rssPeakMiB, 0), name === "raw baseline (list)" ? "1.00" : fmt(ratio(r), 2), sql[name]?.count ?? "—"];
    }),
  );

  const small = scales[0]!;
  const large = scales.at(-1)!;
  const growthRows: (string | number)[][] = [];
  const growth: Record<string, { p50: number; p99: number }> = {};
  for (const name of ["raw baseline (list)", "REST list", "GraphQL list"]) {
    const at = (n: number) => results[n]?.[name];
    const g = { p50: at(large)!.p50 / at(small)!.p50, p99: at(large)!.p99 / at(small)!.p99 };
    growth[name] = g;
    growthRows.push([
      name,
      ...scales.map((n) => fmt(at(n)?.p50, 2)),
      fmt(g.p50, 2),
      ...scales.map((n) => fmt(at(n)?.p99, 2)),
      fmt(g.p99, 2),
      ...scales.map((n) => fmt(at(n)?.rps, 0)),
    ]);
  }
  const span = `${scaleName(small)}→${scaleName(large)}`;
  const growthTable = table(
    ["list", ...scales.map((n) => `p50 ${scaleName(n)}`), `p50 ×${span}`, ...scales.map((n) => `p99 ${scaleName(n)}`), `p99 ×${span}`, ...scales.map((n) => `req/s ${scaleName(n)}`)],
    growthRows,
  );

  const targets: { target: string; measured: string; pass: boolean | null }[] = [];
  targets.push({ target: `REST list ≥ ${TARGETS.restRatio}× baseline`, measured: `${fmt(ratio(mainResults["REST list"]!), 2)}×`, pass: ratio(mainResults["REST list"]!) >= TARGETS.restRatio });
  targets.push({ target: `GraphQL list ≥ ${TARGETS.graphqlRatio}× baseline`, measured: `${fmt(ratio(mainResults["GraphQL list"]!), 2)}×`, pass: ratio(mainResults["GraphQL list"]!) >= TARGETS.graphqlRatio });
  for (const name of ["REST list", "GraphQL list"]) {
    const g = growth[name]!;
    targets.push({
      target: `${name} latency growth ${span} ≤ ${TARGETS.growth}× (p50 and p99)${large < 100_000 ? " [quick: not 1k→100k]" : ""}`,
      measured: `p50 ${fmt(g.p50, 2)}×, p99 ${fmt(g.p99, 2)}×`,
      pass: g.p50 <= TARGETS.growth && g.p99 <= TARGETS.growth,
    });
  }
  for (const name of ["REST list", "GraphQL list", "REST get", "PDF download"]) {
    const r = mainResults[name]!;
    targets.push({ target: `${name} p99 < ${TARGETS.p99Ms} ms at ${CONNECTIONS} connections`, measured: `${fmt(r.p99, 2)} ms`, pass: valid(r) && r.p99 < TARGETS.p99Ms });
  }
  targets.push({ target: `(reference) raw baseline p99 at ${CONNECTIONS} connections`, measured: `${fmt(baseline.p99, 2)} ms`, pass: null });
  const targetTable = table(
    ["target", "measured", "result"],
    targets.map((t) => [t.target, t.measured, t.pass === null ? "info" : t.pass ? "PASS" : "FAIL"]),
    ["l", "r", "l"],
  );

  const rawList = input.breakdown[0]?.ms ?? Number.NaN;
  const breakdownTable = table(
    ["piece of a list request (10k invoices, page of 20)", "ms", "× raw request"],
    input.breakdown.map((p) => [p.name, fmt(p.ms, 2), fmt(p.ms / rawList, 2)]),
  );

  const loadAfter = loadavg();
  const seconds = (performance.now() - started) / 1000;
  const header = `Invobi API benchmark, ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}; ${CONNECTIONS} connections, ${DURATION} s steady-state window per run (after ≥ ${WARMUP} s warm-up and the connection ramp-up); LOG_LEVEL=${LOG_LEVEL}; load average before ${input.loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}; took ${seconds.toFixed(0)} s`;
  const text = [
    header,
    "",
    mainTable,
    "",
    `List latency growth (page 1, per_page=20 / first: 20):`,
    "",
    growthTable,
    "",
    "Per-request cost, one at a time in this process (median of interleaved rounds):",
    "",
    breakdownTable,
    "",
    targetTable,
  ].join("\n");
  console.log(`\n${text}\n`);

  const outDir = join(repoRoot, "bench", "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "latest.md"), `# Latest benchmark run\n\n${header}\n\n${mainTable}\n\n${growthTable}\n\n${breakdownTable}\n\n${targetTable}\n`);
  writeFileSync(
    join(outDir, "latest.json"),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        loadAverage: { before: input.loadBefore, after: loadAfter },
        options: { scales, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP, logLevel: LOG_LEVEL },
        seeding: Object.fromEntries([...input.seeded].map(([n, db]) => [n, { seconds: db.seedMs / 1000, ...db.lines }])),
        verifiedSeededInvoices: input.verified,
        sqlPerRequest: sql,
        perRequestCostMs: input.breakdown,
        results,
        growth: { span, ...growth },
        targets,
        seconds,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote bench/results/latest.json and bench/results/latest.md${flags.keep ? `; kept ${input.dir}` : ""}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
