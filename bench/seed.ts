/**
 * Benchmark data: one account with N invoices (items on all, taxes and discounts on
 * some) in a fresh SQLite database.
 *
 * The account and its API token go through the real services (signUp,
 * createApiToken). Invoices are written by a fast path — raw better-sqlite3 inserts in
 * one transaction — because createInvoice takes ~1 ms per invoice plus a write
 * transaction each. The fast path builds the rows the way createInvoice does (same
 * schema parse, same money module, same derived columns); verifySeededRows() proves
 * it by writing the same input both ways and comparing the stored rows and the REST
 * response field by field.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync } from "node:fs";
import Database from "better-sqlite3";
import { InvoiceCreateSchema, type InvoiceCreateInput } from "../common/invoice/schema.ts";
import { canonicalLocale } from "../common/locale.ts";
import { computeTotals } from "../common/money/index.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { openDatabase, type Db } from "../server/db/client.ts";
import type { User } from "../server/db/generated/sqlite/client.ts";
import { signUp } from "../server/modules/accounts/accounts.service.ts";
import { addDays } from "../server/modules/invoices/dates.ts";
import { createInvoice, deleteInvoice, invoiceSearchText, profileLines } from "../server/modules/invoices/invoices.service.ts";
import { customerColumns, lineRows, totalColumns } from "../server/modules/invoices/invoice.mapper.ts";
import { billToLines } from "../common/invoice/bill-to.ts";
import { createApiToken } from "../server/modules/tokens/tokens.service.ts";

export interface SeededDatabase {
  path: string;
  url: string;
  userId: string;
  /** A read+write API token of the account ("inv_…"). */
  token: string;
  count: number;
  /** Invoice ids, newest first. */
  invoiceIds: string[];
  /** Line rows written (items, discounts, taxes). */
  lines: { items: number; discounts: number; taxes: number };
  seedMs: number;
}

/** Applies the committed migrations once; every benchmark database is a copy of this file. */
export async function migratedTemplate(path: string): Promise<string> {
  await migrateDatabase(`file:${path}`);
  return path;
}

// ---------------------------------------------------------------- deterministic input

/** mulberry32: a small seeded PRNG so every run seeds the same invoices. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Gringotts", "Pied Piper", "Monarch", "Aperture", "Black Mesa", "Oscorp", "Massive Dynamic", "Nakatomi"];
const SECOND = ["Corp", "GmbH", "Ltd", "Industries", "Labs", "& Sons", "Partners", "Studio", "Holdings", "Logistics"];
const CITIES = [
  ["Berlin", null, "10115", "Germany"],
  ["Springfield", "IL", "62701", "USA"],
  ["Toronto", "ON", "M5H 2N2", "Canada"],
  ["Lyon", null, "69001", "France"],
  ["Austin", "TX", "78701", "USA"],
] as const;
const WORK = ["Consulting", "Design review", "Backend development", "Workshop", "Support retainer", "Hosting", "Code audit", "Training day", "Project management", "Travel expenses"];
const UNITS = ["hour", "day", "pcs", null] as const;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function money(rnd: () => number, min: number, max: number): string {
  const cents = Math.round((min + rnd() * (max - min)) * 100);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The i-th invoice of an account whose invoices were issued every `spacingMinutes`
 * up to `now`: older ones are mostly paid, recent ones drafts or sent (some overdue).
 */
export function invoiceSpec(i: number, createdAt: Date, now: Date): InvoiceCreateInput & { issuedAt: string; dueAt: string } {
  const rnd = prng(i * 7919 + 17);
  const customerNo = Math.floor(rnd() * 200);
  const [city, state, zip, country] = CITIES[customerNo % CITIES.length]!;
  const name = `${FIRST[customerNo % FIRST.length]} ${SECOND[Math.floor(customerNo / FIRST.length) % SECOND.length]}`;
  const euro = rnd() < 0.1;
  const items = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
    const lineTax = rnd() < 0.25;
    return {
      description: pick(rnd, WORK),
      quantity: pick(rnd, ["1", "2", "3", "0.5", "10", "7.25", "40"]),
      unit: pick(rnd, UNITS),
      unitPrice: money(rnd, 20, 400),
      discountPercent: rnd() < 0.15 ? pick(rnd, ["5", "10", "12.5"]) : null,
      taxPercent: lineTax ? pick(rnd, ["19", "7"]) : null,
      taxName: lineTax ? "VAT" : null,
    };
  });
  const discountRoll = rnd();
  const discounts =
    discountRoll < 0.15
      ? [{ kind: "percent" as const, value: pick(rnd, ["5", "10"]), description: "Loyalty discount" }]
      : discountRoll < 0.22
        ? [{ kind: "fixed" as const, value: "10.00", description: null }]
        : [];
  const taxes = rnd() < 0.4 ? [{ name: euro ? "MwSt" : "Sales tax", rate: euro ? "19" : "8.875" }] : [];
  const issuedAt = dateOf(createdAt);
  const dueAt = addDays(issuedAt, pick(rnd, [14, 30, 30, 45]));
  const ageDays = (now.getTime() - createdAt.getTime()) / 86_400_000;
  const statusRoll = rnd();
  const status =
    ageDays > 60
      ? statusRoll < 0.85 ? "paid" : statusRoll < 0.95 ? "sent" : "cancelled"
      : statusRoll < 0.3 ? "draft" : statusRoll < 0.75 ? "sent" : "paid";
  const paidAt = status === "paid" ? addDays(issuedAt, Math.floor(rnd() * 40)) : undefined;
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "");
  return {
    title: rnd() < 0.7 ? `${pick(rnd, WORK)} — ${issuedAt.slice(0, 7)}` : undefined,
    status,
    issuedAt,
    dueAt,
    ...(paidAt ? { paidAt } : {}),
    ...(euro ? { currency: "EUR", locale: "de-DE" } : {}),
    notes: rnd() < 0.3 ? "Thank you for your business. Payment within the agreed term, please." : undefined,
    customer: {
      ref: `CUST-${String(customerNo).padStart(4, "0")}`,
      name,
      email: `billing@${slug}.example`,
      address: `${1 + customerNo} Market Street`,
      city,
      state,
      zip,
      country,
    },
    paymentDetails: rnd() < 0.5 ? [{ label: "IBAN", value: "DE89 3704 0044 0532 0130 00" }, { label: "BIC", value: "COBADEFFXXX" }] : undefined,
    items,
    discounts,
    taxes,
  };
}

// ---------------------------------------------------------------- rows, as createInvoice writes them

/** Prisma's cuid() shape: c + time + counter + fingerprint + random, 25 characters. */
let cuidCounter = 0;
const fingerprint = randomBytes(2).toString("hex").slice(0, 4);
function cuid(time: number): string {
  cuidCounter = (cuidCounter + 1) % 1_679_616;
  const random = Math.floor(Math.random() * 2_821_109_907_456).toString(36).padStart(8, "0");
  return `c${time.toString(36).padStart(8, "0")}${cuidCounter.toString(36).padStart(4, "0")}${fingerprint}${random}`;
}

/** DateTime as the better-sqlite3 adapter stores it (ISO 8601 with +00:00). */
function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

const locales = new Map<string, string>();
function canonicalLocaleOf(tag: string): string {
  let canonical = locales.get(tag);
  if (canonical === undefined) {
    canonical = canonicalLocale(tag)!;
    locales.set(tag, canonical);
  }
  return canonical;
}

export interface InvoiceRows {
  invoice: Record<string, string | number | bigint | null>;
  items: Record<string, string | number | bigint | null>[];
  discounts: Record<string, string | number | null>[];
  taxes: Record<string, string | number>[];
}

/** The rows createInvoice writes for `input` (which must give issuedAt and dueAt: no "today"). */
export function invoiceRows(user: User, input: InvoiceCreateInput, number: string, createdAt: Date): InvoiceRows {
  const data = InvoiceCreateSchema.parse(input);
  if (!data.issuedAt || !data.dueAt) throw new Error("seed input needs issuedAt and dueAt");
  const status = data.status ?? (data.paidAt ? "paid" : "draft");
  const paidAt = status === "paid" ? (data.paidAt ?? null) : null;
  if (status === "paid" && !paidAt) throw new Error("seed input: a paid invoice needs paidAt");
  const currency = data.currency ?? user.defaultCurrency;
  const locale = canonicalLocaleOf(data.locale ?? user.locale);
  const discounts = data.discounts ?? [];
  const taxes = data.taxes ?? [];
  const totals = computeTotals({ currency, items: data.items, discounts, taxes });
  const lines = lineRows({ items: data.items, discounts, taxes }, totals);
  const customer = data.customer ?? {};
  const toDetails = data.toDetails ?? billToLines(customer, locale);
  const title = data.title || `Invoice ${number}`;
  const id = cuid(createdAt.getTime());
  const stamp = sqliteDateTime(createdAt);
  return {
    invoice: {
      id,
      userId: user.id,
      number,
      title,
      status,
      issuedAt: data.issuedAt,
      dueAt: data.dueAt,
      paidAt,
      currency,
      locale,
      notes: data.notes ?? null,
      fromDetails: JSON.stringify(data.fromDetails ?? profileLines(user)),
      toDetails: JSON.stringify(toDetails),
      paymentDetails: JSON.stringify(data.paymentDetails ?? []),
      ...customerColumns(customer),
      searchText: invoiceSearchText(title, number, customer, toDetails),
      ...totalColumns(totals),
      promptId: null,
      promptText: null,
      llmProvider: null,
      createdAt: stamp,
      updatedAt: stamp,
    },
    // The service's own line rows, with the ids Prisma would have generated.
    items: lines.items.map((row) => ({ id: cuid(createdAt.getTime()), invoiceId: id, ...row })),
    discounts: lines.discounts.map((row) => ({ id: cuid(createdAt.getTime()), invoiceId: id, ...row })),
    taxes: lines.taxes.map((row) => ({ id: cuid(createdAt.getTime()), invoiceId: id, ...row })),
  };
}

function insertStatement(db: Database.Database, table: string, columns: string[]) {
  return db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
}

export function rowWriter(db: Database.Database) {
  let statements: Record<keyof InvoiceRows, Database.Statement> | null = null;
  return (rows: InvoiceRows) => {
    statements ??= {
      invoice: insertStatement(db, "Invoice", Object.keys(rows.invoice)),
      items: insertStatement(db, "InvoiceItem", ["id", "invoiceId", "position", "description", "quantity", "unit", "unitPrice", "discountPercent", "taxPercent", "taxName", "netMinor"]),
      discounts: insertStatement(db, "InvoiceDiscount", ["id", "invoiceId", "position", "description", "kind", "value"]),
      taxes: insertStatement(db, "InvoiceTax", ["id", "invoiceId", "position", "name", "rate"]),
    };
    statements.invoice.run(rows.invoice);
    for (const row of rows.items) statements.items.run(row);
    for (const row of rows.discounts) statements.discounts.run(row);
    for (const row of rows.taxes) statements.taxes.run(row);
  };
}

// ---------------------------------------------------------------- seeding

/** Creates the account (real services) and writes `count` invoices (fast path) into a copy of the template. */
export async function seedDatabase(options: { templatePath: string; path: string; count: number; now?: Date }): Promise<SeededDatabase> {
  const started = performance.now();
  const now = options.now ?? new Date();
  copyFileSync(options.templatePath, options.path);
  const url = `file:${options.path}`;
  const database = await openDatabase(url);
  let user: User;
  let token: string;
  try {
    const account = await signUp(database.prisma, { email: "bench@invobi.example", password: "bench-password-123" });
    user = await database.prisma.user.update({
      where: { id: account.id },
      data: {
        businessName: "Benchmark Consulting LLC",
        businessDetails: [
          { label: "Address", value: "1 Infinite Loop, Cupertino, CA 95014" },
          { label: "Tax ID", value: "US-123456789" },
        ],
      },
    });
    token = (await createApiToken(database.prisma, user.id, { name: "bench", permissions: ["read", "write"] })).secret;
  } finally {
    await database.close();
  }

  const raw = new Database(options.path);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  const write = rowWriter(raw);
  const spacingMs = Math.max(60_000, Math.floor((3 * 365 * 86_400_000) / options.count));
  const lines = { items: 0, discounts: 0, taxes: 0 };
  const ids: string[] = [];
  raw.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      // Invoice 1 is the oldest; numbers follow creation order as the account's sequence would.
      const createdAt = new Date(now.getTime() - (options.count - i) * spacingMs);
      const rows = invoiceRows(user, invoiceSpec(i, createdAt, now), `INV-${String(i + 1).padStart(user.invoiceNumberDigits, "0")}`, createdAt);
      write(rows);
      ids.push(rows.invoice.id as string);
      lines.items += rows.items.length;
      lines.discounts += rows.discounts.length;
      lines.taxes += rows.taxes.length;
    }
    // The sequence continues after the seeded numbers, as if createInvoice had issued them.
    raw.prepare(`UPDATE "User" SET "nextInvoiceNumber" = ? WHERE "id" = ?`).run(options.count + 1, user.id);
  })();
  raw.pragma("optimize");
  raw.close();
  return {
    path: options.path,
    url,
    userId: user.id,
    token,
    count: options.count,
    invoiceIds: ids.reverse(),
    lines,
    seedMs: performance.now() - started,
  };
}

// ---------------------------------------------------------------- verification

const ROW_IDENTITY = new Set(["id", "invoiceId", "createdAt", "updatedAt"]);
const JSON_IDENTITY = new Set(["id", "created_at", "updated_at"]);

function without(value: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.has(k)));
}

function storedRows(raw: Database.Database, id: string) {
  const lines = (table: string) =>
    (raw.prepare(`SELECT * FROM "${table}" WHERE "invoiceId" = ? ORDER BY "position"`).all(id) as Record<string, unknown>[]).map((r) =>
      without(r, ROW_IDENTITY),
    );
  return {
    invoice: without(raw.prepare(`SELECT * FROM "Invoice" WHERE "id" = ?`).get(id) as Record<string, unknown>, ROW_IDENTITY),
    items: lines("InvoiceItem"),
    discounts: lines("InvoiceDiscount"),
    taxes: lines("InvoiceTax"),
  };
}

function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (typeof a !== typeof b) return `${path || "."}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  if (a && b && typeof a === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return a === b ? null : `${path || "."}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

/**
 * Writes each input twice — fast path, then createInvoice with the same number — and
 * requires identical stored rows (ids and timestamps aside) and identical REST JSON
 * from GET /api/v1/invoices/:id. Both copies are deleted again.
 */
export async function verifySeededRows(options: {
  db: Db;
  path: string;
  userId: string;
  get: (id: string) => Promise<Record<string, unknown>>;
  now?: Date;
}): Promise<number> {
  const now = options.now ?? new Date();
  const user = await options.db.user.findUniqueOrThrow({ where: { id: options.userId } });
  const ctx = { db: options.db, userId: options.userId };
  const raw = new Database(options.path);
  const write = rowWriter(raw);
  // Every feature the generator uses: currencies, statuses, line taxes and discounts, invoice taxes, both discount kinds.
  const specs = Array.from({ length: 40 }, (_, i) => invoiceSpec(1_000_000 + i, new Date(now.getTime() - i * 9 * 86_400_000), now));
  const features = (s: ReturnType<typeof invoiceSpec>) =>
    [s.currency ?? "USD", s.status, s.taxes?.length ? "tax" : "", (s.discounts ?? []).map((d) => d.kind).join(), s.items.some((i) => i.taxPercent) ? "line-tax" : "", s.items.some((i) => i.discountPercent) ? "line-discount" : "", s.title ? "" : "default-title"].join("|");
  const chosen = new Map<string, ReturnType<typeof invoiceSpec>>();
  for (const spec of specs) if (!chosen.has(features(spec))) chosen.set(features(spec), spec);
  try {
    let k = 0;
    for (const spec of chosen.values()) {
      const number = `VERIFY-${++k}`;
      const rows = invoiceRows(user, spec, number, new Date());
      write(rows);
      const fast = { rows: storedRows(raw, rows.invoice.id as string), json: await options.get(rows.invoice.id as string) };
      await deleteInvoice(ctx, rows.invoice.id as string);
      const created = await createInvoice(ctx, { ...spec, number });
      const service = { rows: storedRows(raw, created.id), json: await options.get(created.id) };
      await deleteInvoice(ctx, created.id);
      const difference =
        firstDifference(fast.rows, service.rows) ??
        firstDifference(without(fast.json, JSON_IDENTITY), without(service.json, JSON_IDENTITY));
      if (difference) throw new Error(`seeded invoice differs from a service-created one (${features(spec)}) at ${difference}`);
    }
    return chosen.size;
  } finally {
    raw.close();
  }
}
