/**
 * The raw baseline: REST `GET /api/v1/invoices?page=&per_page=` with no framework
 * and no ORM — a node:http handler over prepared better-sqlite3 statements. It does
 * the same work as the app for that request: authenticate the bearer token (one
 * lookup by prefix joined to its account, SHA-256 compared in constant time, revoked
 * and read permission checked), the total (the account's InvoiceCounter row, or
 * COUNT(*) on a schema without it), one page ordered by createdAt desc, id desc, and
 * the items, discounts and taxes of the page's invoices; it shapes the JSON through
 * the REST serializer (invoiceJson: totals from the money module, decimal strings,
 * tax lines), so its body is byte-identical to the app's. What it leaves out is the
 * framework, the ORM, rate limiting and request logging: it is the practical limit
 * of this machine for this response, which the app is compared with.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import Database from "better-sqlite3";
import type { InvoiceDocument, InvoiceStatus } from "../common/invoice/types.ts";
import { detailLines } from "../server/db/json.ts";
import { safeEqualHex, sha256Hex } from "../server/modules/accounts/secrets.ts";
import { todayIn } from "../server/modules/invoices/dates.ts";
import { invoiceJson } from "../server/modules/invoices/invoices.rest.ts";

type Row = Record<string, unknown>;

export interface Baseline {
  /** GET /api/v1/invoices for an Authorization header: status and JSON body. */
  list(authorization: string | undefined, page: number, perPage: number): { status: number; body: string };
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

const TOKEN = /^Bearer\s+inv_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})\s*$/i;

export function createBaseline(path: string, options: { onStatement?: (sql: string) => void } = {}): Baseline {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  const tokenByPrefix = db.prepare(
    `SELECT t."secretHash", t."revokedAt", t."canRead", u."id" AS "userId", u."timezone" FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."prefix" = ?`,
  );
  const authenticate = (authorization: string | undefined): { userId: string; timezone: string } | null => {
    const match = TOKEN.exec(authorization ?? "");
    if (!match) return null;
    options.onStatement?.(tokenByPrefix.source);
    const row = tokenByPrefix.get(match[1]) as { secretHash: string; revokedAt: string | null; canRead: number; userId: string; timezone: string } | undefined;
    const presented = authorization!.trim().split(/\s+/)[1]!;
    if (!row || row.revokedAt !== null || !row.canRead || !safeEqualHex(row.secretHash, sha256Hex(presented))) return null;
    return { userId: row.userId, timezone: row.timezone };
  };
  // The total the app reads: the trigger-kept counter where the schema has it, else COUNT(*).
  const hasCounter = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'InvoiceCounter'`).get() !== undefined;
  const count = hasCounter
    ? db.prepare(`SELECT COALESCE((SELECT "invoices" FROM "InvoiceCounter" WHERE "userId" = ?), 0) AS n`)
    : db.prepare(`SELECT COUNT(*) AS n FROM "Invoice" WHERE "userId" = ?`);
  const page = db.prepare(`SELECT * FROM "Invoice" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ? OFFSET ?`);
  const linesOf = new Map<string, Database.Statement>();
  const lines = (table: string, ids: string[]): Row[] => {
    const key = `${table}:${ids.length}`;
    let statement = linesOf.get(key);
    if (!statement) {
      statement = db.prepare(`SELECT * FROM "${table}" WHERE "invoiceId" IN (${ids.map(() => "?").join(",")}) ORDER BY "position" ASC`);
      linesOf.set(key, statement);
    }
    options.onStatement?.(statement.source);
    return statement.all(...ids) as Row[];
  };
  const group = (rows: Row[]) => {
    const byInvoice = new Map<string, Row[]>();
    for (const row of rows) {
      const id = row.invoiceId as string;
      const list = byInvoice.get(id);
      if (list) list.push(row);
      else byInvoice.set(id, [row]);
    }
    return byInvoice;
  };
  const json = (value: unknown) => (typeof value === "string" ? detailLines(JSON.parse(value)) : []);
  const date = (value: unknown) => new Date(value as string);

  function list(authorization: string | undefined, pageNumber: number, perPage: number): { status: number; body: string } {
    const viewer = authenticate(authorization);
    if (!viewer) return { status: 401, body: '{"error":"Invalid or expired API token"}' };
    const { userId, timezone } = viewer;
    options.onStatement?.(count.source);
    const total = (count.get(userId) as { n: number }).n;
    options.onStatement?.(page.source);
    const invoices = page.all(userId, perPage, (pageNumber - 1) * perPage) as Row[];
    const ids = invoices.map((i) => i.id as string);
    const [items, discounts, taxes] = ids.length
      ? [group(lines("InvoiceItem", ids)), group(lines("InvoiceDiscount", ids)), group(lines("InvoiceTax", ids))]
      : [new Map<string, Row[]>(), new Map<string, Row[]>(), new Map<string, Row[]>()];
    const today = todayIn(timezone);
    const body = {
      invoices: invoices.map((i) => {
        const doc: InvoiceDocument = {
          id: i.id as string,
          number: i.number as string,
          title: i.title as string,
          status: i.status as InvoiceStatus,
          issuedAt: i.issuedAt as string,
          dueAt: i.dueAt as string,
          paidAt: i.paidAt as string | null,
          currency: i.currency as string,
          locale: i.locale as string,
          notes: i.notes as string | null,
          fromDetails: json(i.fromDetails),
          toDetails: json(i.toDetails),
          paymentDetails: json(i.paymentDetails),
          customer: {
            ref: i.customerRef as string | null,
            name: i.customerName as string | null,
            email: i.customerEmail as string | null,
            address: i.customerAddress as string | null,
            city: i.customerCity as string | null,
            state: i.customerState as string | null,
            zip: i.customerZip as string | null,
            country: i.customerCountry as string | null,
            logoUrl: i.customerLogoUrl as string | null,
          },
          items: (items.get(i.id as string) ?? []).map((l) => ({
            description: l.description as string,
            quantity: l.quantity as string,
            unit: l.unit as string | null,
            unitPrice: l.unitPrice as string,
            discountPercent: l.discountPercent as string | null,
            taxPercent: l.taxPercent as string | null,
            taxName: l.taxName as string | null,
          })),
          discounts: (discounts.get(i.id as string) ?? []).map((d) => ({
            description: d.description as string | null,
            kind: d.kind as "percent" | "fixed",
            value: d.value as string,
          })),
          taxes: (taxes.get(i.id as string) ?? []).map((t) => ({ name: t.name as string, rate: t.rate as string })),
          updatedAt: date(i.updatedAt).toISOString(),
        };
        return invoiceJson(
          doc,
          {
            id: i.id as string,
            promptId: i.promptId as string | null,
            promptText: i.promptText as string | null,
            llmProvider: i.llmProvider as string | null,
            createdAt: date(i.createdAt),
            updatedAt: date(i.updatedAt),
          },
          today,
        );
      }),
      pagination: { total, page: pageNumber, per_page: perPage, total_pages: Math.ceil(total / perPage) },
    };
    return { status: 200, body: JSON.stringify(body) };
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" || url.pathname !== "/api/v1/invoices") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 20) || 20));
    const pageNumber = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
    const { status, body } = list(req.headers.authorization, pageNumber, perPage);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  }

  return { list, handle, close: () => db.close() };
}
