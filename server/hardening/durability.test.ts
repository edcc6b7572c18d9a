/**
 * Crash durability of the real server process: a stream of REST creates (8 in
 * flight), SIGKILL in the middle of it, restart on the same database, then:
 *
 * - every create the server acknowledged (201 + body received) is there, byte for
 *   byte what the acknowledgement said (GET /api/v1/invoices/:id);
 * - nothing is half-written: every stored invoice is exactly one request that was
 *   sent (all its lines, discounts and taxes), and its stored total columns agree
 *   with its lines;
 * - numbering survives: the stored numbers are INV-0001…INV-N without a gap or a
 *   duplicate, the account counter points at N+1, and the restarted server hands
 *   out N+1, N+2, … to new creates;
 * - every create left without an answer is retried with its original
 *   Idempotency-Key (the killed server left those keys pending; the restarted one
 *   runs with a 1 s lease, so it takes them over): every retry answers 201, one
 *   committed before the kill is answered with that same invoice (same id and
 *   number), the others are created now — each request is stored exactly once.
 *
 * Runs on SQLite (server) and PostgreSQL (server-pg) — each a fresh database.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeTotals } from "../../common/money/index.ts";
import type { InvoiceJsonOutput } from "../modules/invoices/invoices.rest.ts";
import { INVOICE_INCLUDE, toInvoiceDocument } from "../modules/invoices/invoices.service.ts";
import { createToken, createUser } from "../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { killAllServers, startServer, tempDataDir, type ServerProcess } from "./app-process.ts";

const IN_FLIGHT = 8;
/** SIGKILL once this many creates were acknowledged (more may still be in flight). */
const KILL_AFTER = 40;

interface SentInvoice {
  title: string;
  currency: string;
  customer: { ref: string; name: string };
  items: { description: string; quantity: string; unit: string; unit_price: string; tax_percent: string | null }[];
  discounts: { kind: "percent" | "fixed"; value: string; description: string }[];
  taxes: { name: string; rate: string }[];
}

/** Request i: 1–6 lines (every 7th has 30), a discount on every third, unique title and customer ref. */
function invoiceRequest(runId: string, i: number): SentInvoice {
  const lines = i % 7 === 3 ? 30 : 1 + (i % 6);
  return {
    title: `Durability ${runId} #${i}`,
    currency: i % 5 === 0 ? "EUR" : "USD",
    customer: { ref: `dur-${runId}-${i}`, name: `Customer ${i}` },
    items: Array.from({ length: lines }, (_, k) => ({
      description: `Request ${i} line ${k}`,
      quantity: String(1 + ((i + k) % 9)),
      unit: "hour",
      unit_price: `${10 + ((i * 37 + k * 11) % 490)}.${String((i * 13 + k) % 100).padStart(2, "0")}`,
      tax_percent: k % 4 === 1 ? "7" : null,
    })),
    discounts: i % 3 === 0 ? [{ kind: "percent", value: "5", description: "Loyalty" }] : [],
    taxes: [{ name: "VAT", rate: "19" }],
  };
}

const sequenceOf = (title: string, runId: string) => {
  const match = new RegExp(`^Durability ${runId} #(\\d+)$`).exec(title);
  return match ? Number(match[1]) : null;
};

/** What the stored invoice must look like if it is request `sent`, with totals computed here from the request. */
function expectMatchesRequest(invoice: InvoiceJsonOutput, sent: SentInvoice) {
  expect(invoice.title).toBe(sent.title);
  expect(invoice.currency).toBe(sent.currency);
  expect(invoice.customer).toMatchObject(sent.customer);
  expect(invoice.items.map((item) => [item.description, item.quantity, item.unit, item.unit_price, item.tax_percent])).toEqual(
    sent.items.map((item) => [item.description, item.quantity, item.unit, item.unit_price, item.tax_percent]),
  );
  expect(invoice.discounts.map((d) => [d.kind, d.value, d.description])).toEqual(sent.discounts.map((d) => [d.kind, d.value, d.description]));
  expect(invoice.taxes).toEqual(sent.taxes);
  const totals = computeTotals({
    currency: sent.currency,
    items: sent.items.map((item) => ({ description: item.description, quantity: item.quantity, unitPrice: item.unit_price, taxPercent: item.tax_percent })),
    discounts: sent.discounts,
    taxes: sent.taxes,
  });
  expect(invoice.total_minor).toBe(totals.totalMinor.toString());
}

describe("durability: SIGKILL during a stream of creates, restart on the same database", () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let auth: Record<string, string>;
  let userId: string;
  let email: string;
  const runId = randomBytes(4).toString("hex");

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = tempDataDir();
    const owner = await createUser(database.prisma);
    userId = owner.user.id;
    email = owner.email;
    auth = (await createToken(database.prisma, owner.user, ["read", "write"], "durability")).auth;
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, REDIS_URL: "", RATE_LIMIT_PER_MINUTE: "1000000" };
  });
  afterAll(async () => {
    await killAllServers();
    await database?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // Two server starts, ~50 creates, a CLI call: seconds on a quiet machine, minutes allowed on a loaded one.
  it("keeps every acknowledged invoice intact, writes no half invoice, and keeps numbering gapless", { timeout: 300_000 }, async () => {
    const first = await startServer(env);

    // ------------------------------------------------ the stream, killed mid-way
    const sent = new Map<number, SentInvoice>();
    const acked = new Map<number, InvoiceJsonOutput>();
    const refused: { i: number; status: number; text: string }[] = [];
    const lost = new Set<number>(); // no complete answer: the connection died
    let next = 0;
    let stop = false;
    let killed = null as Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null;
    let inFlight = 0;
    let atKill = { acked: 0, inFlight: 0 };

    const create = (server: ServerProcess, i: number, body: SentInvoice) =>
      fetch(`${server.baseUrl}/api/v1/invoices`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "idempotency-key": `dur-${runId}-${i}` },
        body: JSON.stringify({ invoice: body }),
      });

    const worker = async () => {
      while (!stop) {
        const i = next++;
        const body = invoiceRequest(runId, i);
        sent.set(i, body);
        inFlight++;
        try {
          const res = await create(first, i, body);
          const text = await res.text();
          if (res.status === 201) {
            // A complete 201 with its body is an acknowledgement, even if it arrives after the kill was sent.
            acked.set(i, (JSON.parse(text) as { invoice: InvoiceJsonOutput }).invoice);
            if (acked.size >= KILL_AFTER && !killed) {
              stop = true;
              atKill = { acked: acked.size, inFlight: inFlight - 1 };
              killed = first.kill("SIGKILL");
            }
          } else {
            refused.push({ i, status: res.status, text });
            stop = true; // fails below; do not loop on a broken server
          }
        } catch {
          lost.add(i);
          if (!killed) stop = true; // the server died on its own: fails below
        } finally {
          inFlight--;
        }
      }
    };
    const streamStart = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const exit = await killed;
    const streamMs = Date.now() - streamStart;

    expect(exit?.signal).toBe("SIGKILL");
    expect(refused).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill really hit requests in flight.
    expect(atKill.inFlight).toBeGreaterThan(0);
    expect(lost.size).toBeGreaterThan(0);
    expect(sent.size).toBe(acked.size + lost.size);
    const streamed = sent.size;

    // ------------------------------------------------ restart on the same database
    // A short Idempotency-Key lease, so the keys the killed server left pending are soon abandoned.
    const second = await startServer({ ...env, IDEMPOTENCY_LEASE_MS: "1000" });
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${second.baseUrl}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
      return { status: res.status, body: (await res.json()) as any };
    };

    // Every acknowledged invoice is there, exactly as acknowledged.
    for (const [i, ack] of acked) {
      const got = await api(`/invoices/${ack.id}`);
      expect(got.status, `acknowledged invoice #${i} (${ack.number})`).toBe(200);
      expect(got.body.invoice).toEqual(ack);
      expectMatchesRequest(got.body.invoice, sent.get(i)!);
    }

    // Everything stored (through the API) is one whole request: acknowledged, or in flight at the kill.
    const listed: InvoiceJsonOutput[] = [];
    let listedTotal = -1;
    for (let page = 1; ; page++) {
      const res = await api(`/invoices?per_page=100&page=${page}&sort=number`);
      expect(res.status).toBe(200);
      listed.push(...res.body.invoices);
      listedTotal = res.body.pagination.total;
      if (page >= res.body.pagination.total_pages) break;
    }
    expect(listedTotal).toBe(listed.length);
    const recoveredUnacked: number[] = [];
    for (const invoice of listed) {
      const i = sequenceOf(invoice.title, runId);
      expect(i, `unexpected invoice ${invoice.number} "${invoice.title}"`).not.toBeNull();
      expect(acked.has(i!) || lost.has(i!)).toBe(true);
      expectMatchesRequest(invoice, sent.get(i!)!);
      if (!acked.has(i!)) recoveredUnacked.push(i!);
    }
    expect(new Set(listed.map((inv) => sequenceOf(inv.title, runId))).size).toBe(listed.length);

    // The same, straight from the tables: lines complete, stored totals agree with them, no orphan lines.
    const rows = await database.prisma.invoice.findMany({ where: { userId }, include: INVOICE_INCLUDE, orderBy: { number: "asc" } });
    expect(rows.map((r) => r.id).sort()).toEqual(listed.map((inv) => inv.id).sort());
    for (const row of rows) {
      const sentRequest = sent.get(sequenceOf(row.title, runId)!)!;
      expect(row.items.map((item) => item.position)).toEqual(sentRequest.items.map((_, k) => k));
      expect(row.discounts).toHaveLength(sentRequest.discounts.length);
      expect(row.taxes).toHaveLength(sentRequest.taxes.length);
      const totals = computeTotals(toInvoiceDocument(row));
      expect([row.subtotalMinor, row.discountMinor, row.taxMinor, row.totalMinor]).toEqual([
        totals.subtotalMinor,
        totals.discountTotalMinor,
        totals.taxTotalMinor,
        totals.totalMinor,
      ]);
      expect(row.items.map((item) => item.netMinor)).toEqual(totals.lines.map((line) => line.netMinor));
    }
    const lineCount = rows.reduce((n, r) => n + r.items.length, 0);
    expect(await database.prisma.invoiceItem.count({ where: { invoice: { userId } } })).toBe(lineCount);
    expect(await database.prisma.invoiceItem.count()).toBe(lineCount);

    // Numbering: INV-0001…INV-N, no gap, no duplicate; the counter points at N+1.
    const n = rows.length;
    const expectedNumbers = Array.from({ length: n }, (_, k) => `INV-${String(k + 1).padStart(4, "0")}`);
    expect(rows.map((r) => r.number)).toEqual(expectedNumbers);
    const user = await database.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.nextInvoiceNumber).toBe(n + 1);

    // ------------------------------------------------ retry every unanswered create with its original key
    const committedUnacked = new Map(listed.filter((inv) => !acked.has(sequenceOf(inv.title, runId)!)).map((inv) => [sequenceOf(inv.title, runId)!, inv]));
    const retries = await Promise.all(
      [...lost].map(async (i) => {
        const res = await create(second, i, sent.get(i)!);
        return { i, status: res.status, replayed: res.headers.get("idempotent-replayed") === "true", text: await res.text() };
      }),
    );
    expect(retries.filter((r) => r.status !== 201).map((r) => ({ i: r.i, status: r.status, text: r.text }))).toEqual([]);
    let answeredWithCommitted = 0;
    for (const retry of retries) {
      const invoice = (JSON.parse(retry.text) as { invoice: InvoiceJsonOutput }).invoice;
      expectMatchesRequest(invoice, sent.get(retry.i)!);
      const committed = committedUnacked.get(retry.i);
      if (committed) {
        // Committed before the kill, never answered: the retry answers with that invoice, not a second one.
        expect(invoice, `retry of #${retry.i}`).toEqual(committed);
        answeredWithCommitted++;
      } else {
        expect(invoice.number > `INV-${String(n).padStart(4, "0")}`, `retry of #${retry.i} got ${invoice.number}`).toBe(true);
      }
    }
    expect(answeredWithCommitted).toBe(committedUnacked.size);
    // Now every request sent before the kill is stored exactly once, numbered without a gap.
    const afterRetries = await database.prisma.invoice.findMany({ where: { userId }, orderBy: { number: "asc" } });
    expect(afterRetries.map((r) => sequenceOf(r.title, runId)).sort((x, y) => x! - y!)).toEqual([...sent.keys()].sort((x, y) => x - y));
    const total = afterRetries.length;
    expect(afterRetries.map((r) => r.number)).toEqual(Array.from({ length: total }, (_, k) => `INV-${String(k + 1).padStart(4, "0")}`));
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: userId } })).nextInvoiceNumber).toBe(total + 1);
    // Asked once more, every key replays its answer.
    const replays = await Promise.all([...lost].map(async (i) => (await create(second, i, sent.get(i)!)).headers.get("idempotent-replayed")));
    expect(replays).toEqual([...lost].map(() => "true"));

    // The restarted server continues the sequence, also under concurrency.
    const more = await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, k) => {
        const i = 100_000 + k;
        sent.set(i, invoiceRequest(runId, i));
        const res = await create(second, i, sent.get(i)!);
        return { status: res.status, body: (await res.json()) as { invoice: InvoiceJsonOutput } };
      }),
    );
    expect(more.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(201));
    expect(more.map((r) => r.body.invoice.number).sort()).toEqual(
      Array.from({ length: IN_FLIGHT }, (_, k) => `INV-${String(total + k + 1).padStart(4, "0")}`),
    );
    for (const r of more) expectMatchesRequest(r.body.invoice, sent.get(sequenceOf(r.body.invoice.title, runId)!)!);

    // The operator's CLI works next to the running server that has written (on SQLite, `migrate deploy`
    // used to fail with SQLITE_BUSY while another process had the file open).
    const cli = await promisify(execFile)(
      process.execPath,
      [join(import.meta.dirname, "..", "..", "bin", "invobi.js"), "token", "create", "--email", email, "--name", "cli", "--permissions", "read"],
      { env: { ...process.env, ...env } },
    );
    const cliToken = cli.stdout.trim();
    const viaCli = await fetch(`${second.baseUrl}/api/v1/invoices?per_page=1`, { headers: { authorization: `Bearer ${cliToken}` } });
    expect(viaCli.status).toBe(200);
    expect(((await viaCli.json()) as { pagination: { total: number } }).pagination.total).toBe(total + IN_FLIGHT);

    console.info(
      `[durability ${database.provider}] start ${first.startMs} ms; stream ${streamMs} ms: ${streamed} sent, ` +
        `${atKill.acked} acknowledged and ${atKill.inFlight} in flight at SIGKILL, ${acked.size} acknowledged in all, ` +
        `${lost.size} without answer (${recoveredUnacked.length} of them committed); restart ${second.startMs} ms; ` +
        `recovered ${rows.length} invoices (${acked.size} acknowledged, all intact); retried ${retries.length} with their keys: ` +
        `${answeredWithCommitted} answered with the invoice committed before the kill (${retries.filter((r) => r.replayed).length} of them ` +
        `replayed), ${retries.length - answeredWithCommitted} created now`,
    );
    await second.kill("SIGTERM");
  });
});
