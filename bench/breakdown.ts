/**
 * Where a list request's time goes: each piece run back to back in this process
 * (no sockets, no concurrency), interleaved over several rounds so machine load
 * hits every piece alike; the median round is reported. Explains the ratio to the
 * baseline: the same SQL through raw better-sqlite3 vs through Prisma, the
 * serializer both share, and what the HTTP stack adds.
 */
import { createBaseline } from "./baseline.ts";
import type { InProcessApp } from "./in-process.ts";
import { listInvoicesPage } from "../server/modules/invoices/invoices.service.ts";
import { serializeInvoice } from "../server/modules/invoices/invoices.rest.ts";
import { authenticateApiToken } from "../server/modules/tokens/tokens.service.ts";

export interface Piece {
  name: string;
  ms: number;
}

export async function listBreakdown(options: {
  app: InProcessApp;
  path: string;
  userId: string;
  token: string;
  graphqlQuery: string;
  rounds?: number;
  iterations?: number;
}): Promise<Piece[]> {
  const { app, token } = options;
  const db = app.database.prisma;
  const authorization = `Bearer ${token}`;
  const raw = createBaseline(options.path);
  const ctx = { db, userId: options.userId };
  const page = await listInvoicesPage(ctx, { page: 1, perPage: 20 });
  const read = async (response: Response | Promise<Response>) => {
    const r = await response;
    if (!r.ok) throw new Error(`breakdown: ${r.status}`);
    return r.text();
  };
  const pieces: [string, () => unknown][] = [
    ["raw: whole list request, auth + SQL + serializer (baseline, no socket)", () => raw.list(authorization, 1, 20)],
    ["serializer: 20 invoices → JSON (shared by both)", () => JSON.stringify(page.invoices.map((i) => serializeInvoice(i, "2026-01-01")))],
    ["Prisma: authenticateApiToken (token + account, 2 SQL)", () => authenticateApiToken(db, token)],
    ["Prisma: listInvoicesPage (total + page + 3 line tables, 5 SQL)", () => listInvoicesPage(ctx, { page: 1, perPage: 20 })],
    ["app: REST list through Hono (no socket)", () => read(app.request("/api/v1/invoices?per_page=20", { headers: { authorization } }))],
    [
      "app: GraphQL list through Hono + Yoga (no socket)",
      () =>
        read(
          app.request("/graphql", {
            method: "POST",
            headers: { authorization, "content-type": "application/json" },
            body: JSON.stringify({ query: options.graphqlQuery }),
          }),
        ),
    ],
  ];
  const rounds = options.rounds ?? 7;
  const iterations = options.iterations ?? 40;
  const samples = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of pieces) {
        for (let i = 0; i < 5; i++) await run();
        const started = performance.now();
        for (let i = 0; i < iterations; i++) await run();
        samples.set(name, [...(samples.get(name) ?? []), (performance.now() - started) / iterations]);
      }
    }
  } finally {
    raw.close();
  }
  return pieces.map(([name]) => {
    const values = samples.get(name)!.sort((a, b) => a - b);
    return { name, ms: values[Math.floor(values.length / 2)]! };
  });
}
