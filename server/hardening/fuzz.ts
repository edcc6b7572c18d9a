/**
 * Property-based fuzzing (fast-check) of EVERY REST endpoint and the main GraphQL
 * operations, in process (app.request, no network). Inputs: the route's own valid
 * example mutated at random paths, and random objects, with wrong types, huge
 * numbers (1e308, 2^63, "9"×400 as raw JSON tokens), negative/zero/huge pages,
 * SQL and HTML fragments, unknown currencies, impossible dates, NUL characters,
 * unpaired surrogates, prototype keys (__proto__, constructor), deep JSON (10k
 * levels), invalid UTF-8 bytes, odd content types, and, a few times per endpoint,
 * 10 MB strings.
 *
 * Every answer must be a 4xx with a JSON {"error": string} body (REST) or a GraphQL
 * error response without a masked internal error, or a 2xx that is correct: it
 * matches the route's documented response schema and reads back the same. Never a
 * 500. After every refused write, the account's rows are unchanged (fingerprint of
 * counts, the user row and the target rows).
 *
 * Run counts are fixed, never time-boxed, so a loaded machine makes the file slower,
 * not different: FUZZ_RUNS=n runs exactly n per endpoint; CI (.ci/run sets CI=true)
 * runs 1,000 per endpoint on SQLite (~34,000 requests, ~4 min on 2 cores); PostgreSQL
 * requests cost ~2× more, so its project runs 200 per endpoint in CI (~1 min) and a local
 * `npm test` runs 100 on both (FUZZ_RUNS=1000 runs the full count anywhere).
 * Seeds are fixed per property (FUZZ_SEED overrides the base), so the inputs are the
 * same on every run; fast-check prints the seed and the counterexample on failure.
 *
 * The REST and GraphQL halves run from two test files (fuzz-rest.test.ts and
 * fuzz-graphql.test.ts) so the suite's two workers share its longest run.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { invoiceTotals } from "../modules/invoices/invoices.service.ts";
import type { AnyRoute } from "../rest/route.ts";
import { call, fakeGenerator, fakeRenderer, validRequest } from "../test/rest.ts";
import Database from "better-sqlite3";
import { createAccount } from "../test/factories.ts";
import { useTestApp, type TestApp } from "../test/harness.ts";
import { fingerprint, globalId, gql, hasIdParam, postGraphQL, isBasic, isInternalError, resourceOf, routeLabel, ROUTES, routeUrl, type GqlResponse } from "./cases.ts";

const PROVIDER = process.env.INVOBI_TEST_DB === "postgres" ? "postgres" : "sqlite";
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : process.env.CI && PROVIDER === "sqlite" ? 1000 : process.env.CI ? 200 : 100;
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_251_121);
const fuzzRuns = () => ({ numRuns: RUNS });
function finished(name: string, runs: number) {
  runsDone[name] = runs;
  // fast-check stops early only on a failure (which it reports); anything else is a bug here.
  expect(runs, `${name}: ran ${runs} of ${RUNS}`).toBe(RUNS);
}

const runsDone: Record<string, number> = {};

/**
 * Proves that every refused write left the database as it was.
 *
 * SQLite: a second, read-only connection reads PRAGMA data_version, which moves
 * whenever another connection (the app's) commits: a refused request must commit
 * nothing at all. Synchronous and ~µs, so it runs after every refused request. The
 * fuzz tokens' lastUsedAt is pinned in the future so authenticating writes nothing.
 * PostgreSQL: the account's exact fingerprint (counts, the user row, labels, the
 * target rows with their lines) after every refused request, compared with the one
 * taken after the last success.
 */
function writeGuard(t: TestApp, take: () => Promise<string>) {
  if (t.database.provider === "sqlite") {
    const watcher = new Database(t.database.url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
    const version = () => watcher.pragma("data_version", { simple: true }) as number;
    let last = version();
    return {
      async accept() {
        last = version();
      },
      async refused(what: string) {
        expect(version(), `a refused request committed a write: ${what}`).toBe(last);
      },
      close: () => watcher.close(),
    };
  }
  let baseline = "";
  return {
    async accept() {
      baseline = await take();
    },
    async refused(what: string) {
      expect(await take(), `a refused request changed the account's rows: ${what}`).toBe(baseline);
    },
    close: () => undefined,
  };
}

/** An account whose tokens' lastUsedAt is in the future: using them writes nothing. */
async function fuzzAccount(t: TestApp) {
  const account = await createAccount(t.db);
  await t.db.apiToken.updateMany({ where: { userId: account.user.id }, data: { lastUsedAt: new Date(Date.now() + 24 * 3600_000) } });
  return account;
}

// ---------------------------------------------------------------- value generators

/** A JSON token written as is (numbers JSON.stringify cannot express exactly). */
class Raw {
  constructor(readonly text: string) {
    Object.freeze(this);
  }
}

function serialize(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${serialize((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Sets an own property, "__proto__" included. */
function put(target: Record<string | number, unknown> | unknown[], key: string | number, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

const TEN_MB = "x".repeat(10 * 1024 * 1024);
const deep = (levels: number) => new Raw(`${"[".repeat(levels)}${"]".repeat(levels)}`);
const deepObject = (levels: number) => new Raw(`${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`);

const RAW_NUMBERS = [
  "1e308",
  "-1e308",
  "1e400",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551616",
  "9".repeat(400),
  "-0",
  "0.1e-400",
  "1E+2",
  "123456789012345678901234567890.12345678901234567890",
].map((text) => new Raw(text));

const NASTY_STRINGS = [
  "",
  " ",
  "\t\n",
  "'; DROP TABLE \"Invoice\"; --",
  "' OR '1'='1",
  "1; SELECT pg_sleep(5)--",
  '" OR ""="',
  "%' AND 1=0 UNION SELECT email, \"passwordHash\" FROM \"User\" --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  "2025-02-30",
  "2025-13-01",
  "0000-00-00",
  "2025-02-29",
  "2024-02-29",
  "99999-01-01",
  "2025-01-15T25:61:61Z",
  "2025-01-15T10:00:00+99:00",
  "XYZ",
  "ZZZ",
  "usd",
  "EURO",
  "€",
  "XTS",
  "XXX",
  "BTC",
  "en-US",
  "xx-INVALID-locale-tag-!!",
  "Mars/Olympus_Mons",
  "#zzzzzz",
  "#12345",
  "9".repeat(400),
  "1e308",
  "-1",
  "0",
  "-0",
  "0.000001",
  "1.123456789",
  "NaN",
  "Infinity",
  "0x10",
  "1_000",
  "١٢٣",
  "𝟙𝟚𝟛",
  "12,50",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202e\u0007\u001b[31m",
  "\uFEFF",
  "paid",
  "PAID",
  "draft",
  "cancelled",
  "offline",
  "__proto__",
  "constructor",
  "prototype",
  "a".repeat(5001),
];

const nastyKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "", "\u0000", "\ud800", "$where", "items", "invoice", "id", "user_id"),
  fc.string({ maxLength: 12 }),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1, 1.5, -0.5, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, 1e308, 1e-7, 100, 101, 1_000_001, 2 ** 31, 2 ** 63), weight: 3 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom(...RAW_NUMBERS), weight: 3 },
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 20 }), weight: 2 },
  { arbitrary: fc.constantFrom(deep(10_000), deepObject(10_000), deep(40)), weight: 1 },
);

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: leaf, weight: 8 },
  { arbitrary: fc.array(leaf, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(nastyKey, leaf, { maxKeys: 3 }), weight: 1 },
);

/** Every path (containers included) of a JSON value. */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (value instanceof Raw) return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

interface Mutation {
  op: "set" | "delete" | "addKey" | "wrap" | "dup";
  at: number;
  key: string;
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom<Mutation["op"]>("set", "set", "set", "delete", "addKey", "wrap", "dup"),
  at: fc.nat(),
  key: nastyKey,
  value: nasty,
});

/** Applies mutations to a deep copy of a valid example. */
function mutate(example: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(example) as unknown;
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.op === "addKey" && root && typeof root === "object" && !Array.isArray(root) && !(root instanceof Raw)) put(root as Record<string, unknown>, m.key, m.value);
      else if (m.op === "set" && m.at % 7 === 0) root = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, part) => node[part], root);
    const last = path.at(-1)!;
    const current = parent[last];
    switch (m.op) {
      case "set":
        put(parent, last, m.value);
        break;
      case "delete":
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case "addKey":
        if (current && typeof current === "object" && !Array.isArray(current) && !(current instanceof Raw)) put(current, m.key, m.value);
        else put(parent, last, m.value);
        break;
      case "wrap":
        put(parent, last, m.at % 2 ? [current] : { value: current });
        break;
      case "dup":
        if (Array.isArray(current)) put(parent, last, Array.from({ length: 1 + (m.at % 50) }, () => structuredClone(current[0] ?? m.value)));
        else put(parent, last, [current, current]);
        break;
    }
  }
  return root;
}

/** A body: the example mutated, a random object, raw text, or bytes that are not UTF-8. */
type BodyInput = { kind: "json"; value: unknown } | { kind: "text"; text: string } | { kind: "bytes"; bytes: Uint8Array } | { kind: "none" };

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];

function bodyArbitrary(examples: unknown[]): fc.Arbitrary<BodyInput> {
  const mutated = fc
    .tuple(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([example, ms]): BodyInput => ({ kind: "json", value: mutate(example, ms) }));
  return fc.oneof(
    { arbitrary: mutated, weight: 60 },
    { arbitrary: fc.constantFrom(...examples).map((value): BodyInput => ({ kind: "json", value })), weight: 4 },
    { arbitrary: fc.dictionary(nastyKey, nasty, { maxKeys: 5 }).map((value): BodyInput => ({ kind: "json", value })), weight: 10 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): BodyInput => ({ kind: "json", value })), weight: 4 },
    {
      arbitrary: fc.constantFrom("{", '{"a":', "[1,2", "{'a': 1}", '{"a":1}}', "null", "[]", "42", '"x"', "true", "\u0000", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}").map((text): BodyInput => ({ kind: "text", text })),
      weight: 4,
    },
    {
      arbitrary: fc.tuple(fc.constantFrom(...examples), fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([example, bad, at]): BodyInput => {
        const text = new TextEncoder().encode(serialize(example));
        // Inside the first string value, so the JSON stays JSON and only the text is bad.
        const quote = text.indexOf(0x22, text.indexOf(0x3a)) + 1 || at % (text.length + 1);
        return { kind: "bytes", bytes: new Uint8Array([...text.slice(0, quote), ...bad, ...text.slice(quote)]) };
      }),
      weight: 4,
    },
    { arbitrary: fc.constant<BodyInput>({ kind: "none" }), weight: 2 },
    // A few times per endpoint: 10 MB.
    { arbitrary: fc.constant<BodyInput>({ kind: "json", value: { prompt_text: TEN_MB } }), weight: 1 },
  );
}

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
];

/** Percent-encodes anything, unpaired surrogates included (encodeURIComponent throws on them). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => (/^[\w.~-]$/.test(ch) ? ch : `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)).join("");
  }
}

const QUERY_VALUES = [
  "0",
  "-1",
  "1",
  "2",
  "100",
  "101",
  "1000000",
  "1000001",
  "9223372036854775808",
  "9".repeat(400),
  "1e3",
  "1.5",
  " 5 ",
  "true",
  "false",
  "paid",
  "unpaid",
  "draft,sent,paid,cancelled",
  "draft,,bogus",
  "-created_at",
  "total",
  "-",
  "2025-01-15",
  ...NASTY_STRINGS.filter((s) => s.length < 500),
];

function queryArbitrary(keys: string[]): fc.Arbitrary<string> {
  const key = fc.oneof({ arbitrary: fc.constantFrom(...keys, "page", "per_page", "perPage"), weight: 4 }, { arbitrary: nastyKey, weight: 1 });
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...QUERY_VALUES), weight: 8 },
    { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
    { arbitrary: fc.integer().map(String), weight: 2 },
  );
  // A megabyte of query string, now and then.
  const raw = fc.constantFrom("%ff", "%", "%E0%A4%A", "%00", "a%", "page[]=1", "page=1&page=2", "per_page", "=x", "&&&", `search=${"x".repeat(1024 * 1024)}`);
  return fc.oneof(
    { arbitrary: fc.array(fc.tuple(key, value).map(([k, v]) => `${encode(k)}=${encode(v)}`), { maxLength: 4 }).map((parts) => parts.join("&")), weight: 9 },
    { arbitrary: raw, weight: 1 },
  );
}

// ---------------------------------------------------------------- examples per route

/** Rich valid bodies, so mutations reach the service and the money module, not only the shape check. */
function examplesFor(route: AnyRoute, valid: unknown): unknown[] {
  const items = [
    { description: "Consulting", quantity: "10", unit: "hour", unit_price: "150.00", discount_percent: "5", tax_percent: "19", tax_name: "VAT" },
    { description: "Hosting", quantity: 1, unit_price: 20.5 },
  ];
  const invoice = {
    number: "F-1",
    title: "Work",
    currency: "EUR",
    locale: "de-DE",
    issued_at: "2025-01-15",
    due_at: "2025-02-14",
    notes: "Thanks",
    customer: { ref: "c-1", name: "Acme", email: "billing@acme.example", address: "1 Main St", city: "Berlin", zip: "10115", country: "DE", logo_url: "https://acme.example/logo.png" },
    from_details: [{ label: "Name", value: "Me" }],
    items,
    discounts: [{ kind: "percent", value: "10" }, { kind: "fixed", value: "5.00", description: "Loyalty" }],
    taxes: [{ name: "VAT", rate: "19" }],
  };
  switch (route.operationId) {
    case "createInvoice":
      return [valid, { invoice }, { prompt: "10 hours of consulting at $150/hour for Acme Corp. Add 10% tax.", llm_provider: "offline" }];
    case "updateInvoice":
      return [valid, { ...invoice, status: "sent" }, { paid_at: "2025-03-01" }, { items }];
    case "markInvoicePaid":
      return [{}, { paid_at: "2025-03-01" }, { paid_at: "2025-03-01T10:00:00Z" }];
    case "basicUpdateInvoice":
      return [valid, { items: [{ id: "i", description: "W", quantity: 2, rate: 10.5, discount: 5, taxRate: 7 }], taxRate: 19, currency: "JPY", status: "sent" }];
    default:
      return [valid ?? {}];
  }
}

function queryKeysOf(route: AnyRoute): string[] {
  const shape = (route.query as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : ["page", "per_page"];
}

// ---------------------------------------------------------------- REST

/** Prints how many generated requests the file ran (each test file has its own counts). */
export function reportRunCounts() {
  afterAll(() => {
    const total = Object.values(runsDone).reduce((a, b) => a + b, 0);
    const counts = Object.values(runsDone);
    console.log(
      `Fuzz (${PROVIDER}): ${total} generated requests over ${counts.length} endpoints/operations (min ${Math.min(...counts)}, max ${Math.max(...counts)} per endpoint): ${JSON.stringify(runsDone)}`,
    );
  });
}

export function restFuzzing() {
  describe("REST fuzzing, every endpoint", () => {
    const t = useTestApp({ app: { generateInvoice: fakeGenerator().fn, renderInvoicePdf: fakeRenderer().fn } });

    ROUTES.forEach((route, index) => {
      it(`${routeLabel(route)}: never a 500, errors are {"error"}, refused writes change nothing, successes are correct`, { timeout: 120_000 }, async () => {
        const account = await fuzzAccount(t);
        const resource = resourceOf(route);
        const newTarget = async () => (hasIdParam(route) ? (await validRequest(t, account, route.operationId)).path.split("?")[0]!.split("/")[isBasic(route) ? 3 : 4]! : undefined);
        let target = await newTarget();
        const valid = (await validRequest(t, account, route.operationId)).json;
        const examples = examplesFor(route, valid);
        const writes = route.method !== "get";
        const targets = () => (target ? { [resource]: target } : {});
        const guard = writeGuard(t, () => fingerprint(t.db, account.user.id, targets()));
        await guard.accept();
        let runs = 0;

        const idArb = fc.oneof(
          { arbitrary: fc.constant("TARGET"), weight: route.method === "delete" ? 2 : 12 },
          { arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 500)), weight: 3 },
          { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 1 },
          { arbitrary: fc.constantFrom("%ff", "%00", "..%2F..%2F", "%E0%A4%A", "%2e%2e"), weight: 1 },
        );
        const input = fc.record({
          id: idArb,
          query: queryArbitrary(queryKeysOf(route)),
          body: route.body ? bodyArbitrary(examples) : fc.constant<BodyInput>({ kind: "none" }),
          contentType: fc.constantFrom(...CONTENT_TYPES),
        });

        await fc.assert(
          fc.asyncProperty(input, async ({ id, query, body, contentType }) => {
            runs++;
            const rawId = id === "TARGET" ? (target ?? "gone") : id;
            const alreadyEncoded = /^(%|\.\.%)/.test(rawId);
            const url = routeUrl(route, "__ID__", query).replace("__ID__", alreadyEncoded ? rawId : encode(rawId));
            const headers: Record<string, string> = { ...account.auth };
            let payload: string | Uint8Array | undefined;
            if (body.kind !== "none") {
              if (contentType) headers["content-type"] = contentType;
              payload = body.kind === "json" ? serialize(body.value) : body.kind === "text" ? body.text : body.bytes;
            }
            const response = await t.request(url, { method: route.method.toUpperCase(), headers, body: payload as BodyInit | undefined });
            const text = await response.text();
            const what = `${route.method.toUpperCase()} ${url.slice(0, 300)} [${contentType}] ${typeof payload === "string" ? payload.slice(0, 300) : payload ? `<${payload.length} bytes>` : ""} → ${response.status} ${text.slice(0, 300)}`;
            expect(response.status, what).toBeLessThan(500);

            if (response.status >= 400) {
              expect(response.headers.get("content-type") ?? "", what).toMatch(/^application\/json/);
              const parsed = JSON.parse(text) as { error?: unknown };
              expect(typeof parsed.error, what).toBe("string");
              if (writes) await guard.refused(what);
              return;
            }
            await expectCorrectSuccess(route, response, text, what, account.auth);
            if (writes) {
              if (route.method === "delete" && id === "TARGET") target = await newTarget();
              await guard.accept();
            }
          }),
          { ...fuzzRuns(), seed: BASE_SEED + index, endOnFailure: true },
        ).finally(() => guard.close());
        finished(routeLabel(route), runs);
      });
    });

    /** A 2xx answer is documented, well-formed, and reads back the same. */
    async function expectCorrectSuccess(route: AnyRoute, response: Response, text: string, what: string, auth: Record<string, string>) {
      if (route.operationId === "downloadInvoice") {
        expect(response.headers.get("content-type"), what).toBe("application/pdf");
        return;
      }
      const body = JSON.parse(text);
      if (!isBasic(route)) {
        const spec = route.responses[response.status];
        expect(spec, `undocumented status: ${what}`).toBeTruthy();
        const parsed = (spec!.schema as z.ZodType).safeParse(body);
        expect(parsed.success, `${what}\n${parsed.error?.message ?? ""}`).toBe(true);
      }
      const invoice = body.invoice as Record<string, any> | undefined;
      if (route.method === "get") return expectPagination(body, what);
      if (invoice && invoice.id) {
        const stored = await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { items: { orderBy: { position: "asc" } }, discounts: { orderBy: { position: "asc" } }, taxes: { orderBy: { position: "asc" } } } });
        expect(stored.totalMinor, `stored total vs lines: ${what}`).toBe(invoiceTotals(stored).totalMinor);
        if (route.method !== "delete") {
          const back = await call(t, "GET", isBasic(route) ? `/api/invoices/${invoice.id}` : `/api/v1/invoices/${invoice.id}`, { auth });
          expect(back.body.invoice, `reads back differently: ${what}`).toEqual(invoice);
        }
        if (!isBasic(route)) expect(BigInt(invoice.total_minor), what).toBe(stored.totalMinor);
      }
      if (body.prompt && route.method !== "delete") {
        const back = await call(t, "GET", `/api/v1/prompts/${body.prompt.id}`, { auth });
        expect(back.body.prompt, `reads back differently: ${what}`).toEqual(body.prompt);
      }
    }

    function expectPagination(body: any, what: string) {
      const pagination = body.pagination as Record<string, number> | undefined;
      if (pagination) {
        const perPage = pagination.per_page ?? pagination.perPage!;
        expect(perPage, what).toBeGreaterThanOrEqual(1);
        expect(perPage, what).toBeLessThanOrEqual(100);
        expect(pagination.page, what).toBeGreaterThanOrEqual(1);
        expect(body.invoices.length, what).toBeLessThanOrEqual(perPage);
        expect(pagination.total_pages ?? pagination.totalPages, what).toBe(Math.ceil(pagination.total! / perPage));
      }
    }
  });
}

// ---------------------------------------------------------------- GraphQL

interface GraphQLTarget {
  name: string;
  query: string;
  /** Valid variables; the fuzzer mutates them. */
  variables: (ids: { invoice: string; prompt: string; label: string }) => Record<string, unknown>;
  write: boolean;
}

const INVOICE_FIELDS = `id rawId number title status issuedAt dueAt paidAt currency locale total { amount minor formatted } totals { subtotal { minor } total { minor } } items { quantity unitPrice amount { minor } }`;
const RESULT = (fields: string) => `__typename ... on Error { message } ... on ValidationError { issues { path message } } ${fields}`;

const GRAPHQL_TARGETS: GraphQLTarget[] = [
  {
    name: "invoices",
    query: `query($first: Int, $last: Int, $after: String, $before: String, $filter: InvoiceFilter, $orderBy: InvoiceOrder) { invoices(first: $first, last: $last, after: $after, before: $before, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${INVOICE_FIELDS} } } } }`,
    variables: () => ({ first: 5, filter: { search: "acme", status: ["DRAFT", "SENT"], paid: false, overdue: false, issuedFrom: "2025-01-01", issuedTo: "2025-12-31" }, orderBy: { field: "TOTAL", direction: "DESC" }, after: Buffer.from(JSON.stringify(["total", "100", "x"])).toString("base64url") }),
    write: false,
  },
  { name: "invoice", query: `query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`, variables: (ids) => ({ id: ids.invoice }), write: false },
  { name: "node", query: `query($id: ID!) { node(id: $id) { id ... on Invoice { number } ... on Prompt { text } } }`, variables: (ids) => ({ id: globalId("Invoice", ids.invoice) }), write: false },
  { name: "nodes", query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: (ids) => ({ ids: [globalId("Invoice", ids.invoice), globalId("Prompt", ids.prompt)] }), write: false },
  {
    name: "prompts",
    query: `query($first: Int, $after: String, $filter: PromptFilter) { prompts(first: $first, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } edges { cursor node { id text labels { name color } } } } }`,
    variables: () => ({ first: 5, after: Buffer.from("1700000000000:abc").toString("base64url"), filter: { label: "Consulting", content: "invoice", noLabel: false } }),
    write: false,
  },
  {
    name: "createInvoice",
    query: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${RESULT(`... on CreateInvoiceSuccess { invoice { ${INVOICE_FIELDS} } }`)} } }`,
    variables: (ids) => ({
      input: {
        title: "Fuzz",
        currency: "EUR",
        locale: "de-DE",
        issuedAt: "2025-01-15",
        dueAt: "2025-02-14",
        customer: { name: "Acme", email: "a@acme.example" },
        items: [{ description: "Work", quantity: "10", unitPrice: "150.00", discountPercent: "5", taxPercent: "19", taxName: "VAT" }],
        discounts: [{ kind: "PERCENT", value: "10" }],
        taxes: [{ name: "Tax", rate: "7" }],
        origin: { promptText: "ten hours", promptId: ids.prompt, llmProvider: "offline" },
      },
    }),
    write: true,
  },
  {
    name: "updateInvoice",
    query: `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { ${RESULT(`... on UpdateInvoiceSuccess { invoice { ${INVOICE_FIELDS} } }`)} } }`,
    variables: (ids) => ({ input: { id: ids.invoice, title: "Renamed", status: "SENT", items: [{ description: "Work", quantity: "2", unitPrice: "10" }], paidAt: "2025-03-01" } }),
    write: true,
  },
  {
    name: "markInvoicePaid",
    query: `mutation($id: ID!, $paidAt: Date) { markInvoicePaid(input: { id: $id, paidAt: $paidAt }) { ${RESULT(`... on MarkInvoicePaidSuccess { invoice { status paidAt } }`)} } }`,
    variables: (ids) => ({ id: ids.invoice, paidAt: "2025-03-01" }),
    write: true,
  },
  {
    name: "setInvoiceStatus",
    query: `mutation($id: ID!, $status: InvoiceStatus!) { setInvoiceStatus(input: { id: $id, status: $status }) { ${RESULT(`... on SetInvoiceStatusSuccess { invoice { status paidAt } }`)} } }`,
    variables: (ids) => ({ id: ids.invoice, status: "SENT" }),
    write: true,
  },
  {
    name: "createPrompt",
    query: `mutation($text: String!, $labels: [PromptLabelInput!]) { createPrompt(input: { text: $text, labels: $labels }) { ${RESULT(`... on CreatePromptSuccess { prompt { id text labels { name color } } }`)} } }`,
    variables: () => ({ text: "10 hours of consulting", labels: [{ name: "Consulting", color: "#3b82f6" }, { name: "New" }] }),
    write: true,
  },
  {
    name: "updatePrompt",
    query: `mutation($id: ID!, $text: String, $labels: [PromptLabelInput!]) { updatePrompt(input: { id: $id, text: $text, labels: $labels }) { ${RESULT(`... on UpdatePromptSuccess { prompt { id text labels { name } } }`)} } }`,
    variables: (ids) => ({ id: ids.prompt, text: "Changed", labels: [] }),
    write: true,
  },
  {
    name: "createLabel",
    query: `mutation($name: String!, $color: String!) { createLabel(input: { name: $name, color: $color }) { ${RESULT(`... on CreateLabelSuccess { label { id name color } }`)} } }`,
    variables: () => ({ name: "Fuzzy", color: "#abcdef" }),
    write: true,
  },
  {
    name: "updateAccountSettings",
    query: `mutation($input: UpdateAccountSettingsInput!) { updateAccountSettings(input: $input) { ${RESULT(`... on UpdateAccountSettingsSuccess { user { defaultCurrency locale timezone invoiceNumberPrefix invoiceNumberDigits } }`)} } }`,
    variables: () => ({ input: { displayName: "Me", businessName: "Me Ltd", businessDetails: [{ label: "VAT", value: "DE123" }], defaultCurrency: "EUR", locale: "de-DE", timezone: "Europe/Berlin", invoiceNumberPrefix: "F-", invoiceNumberDigits: 5 } }),
    write: true,
  },
  {
    name: "generateInvoice",
    query: `mutation($input: GenerateInvoiceInput!, $apiKey: String) { generateInvoice(input: $input, apiKey: $apiKey) { ${RESULT(`... on GenerateInvoiceSuccess { generatedInvoice { missing invoice { id } preview { total { minor } } } } ... on GenerationError { missing status }`)} } }`,
    variables: () => ({ input: { provider: "OFFLINE", prompt: "10 hours of consulting at $150/hour for Acme Corp. Add 10% tax.", save: false } }),
    write: true,
  },
];

export function graphqlFuzzing() {
  describe("GraphQL fuzzing, main operations", () => {
    const t = useTestApp();

    let documentRuns = 0;
    it("random and broken documents never cause an internal error", { timeout: 120_000 }, async () => {
      const account = await createAccount(t.db);
      const fragments = ["{", "}", "(", ")", "invoices", "invoice", "node", "viewer", "first:", "after:", "$x", "...", "on", "Invoice", "@skip(if: true)", "@include", "query", "mutation", "fragment F on Query { viewer { id } }", "...F", '"\\u0000"', '"\\ud800"', "1e400", "9".repeat(400), "__typename", "__schema", "#", "\n", "\u0000", "edges { node { id } }"];
      const doc = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...fragments), { maxLength: 25 }).map((parts) => parts.join(" ")));
      await fc.assert(
        fc.asyncProperty(doc, fc.jsonValue({ maxDepth: 2 }), async (query, variables) => {
          documentRuns++;
          // Variables may be any JSON here (null, arrays), not only an object: sent raw.
          const res = await postGraphQL(t, JSON.stringify({ query, variables }), account.auth);
          expectGraphQLAnswer(res, `document ${JSON.stringify(query).slice(0, 300)}`);
        }),
        { ...fuzzRuns(), seed: BASE_SEED + 100 },
      );
      finished("graphql documents", documentRuns);
    });

    GRAPHQL_TARGETS.forEach((target, index) => {
      it(`${target.name}: generated variables never cause an internal error; refused writes change nothing`, { timeout: 120_000 }, async () => {
        const account = await fuzzAccount(t);
        const invoice = (await validRequest(t, account, "getInvoice")).path.split("/").pop()!;
        const prompt = (await validRequest(t, account, "getPrompt")).path.split("/").pop()!;
        const label = (await t.db.label.findFirstOrThrow({ where: { userId: account.user.id } })).id;
        const example = target.variables({ invoice, prompt, label });
        const guard = writeGuard(t, () => fingerprint(t.db, account.user.id, { invoice, prompt }));
        await guard.accept();
        let runs = 0;
        const variables = fc.oneof(
          { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => mutate(example, ms)), weight: 120 },
          { arbitrary: fc.constant(example), weight: 10 },
          { arbitrary: fc.dictionary(nastyKey, nasty, { maxKeys: 4 }), weight: 20 },
          { arbitrary: fc.constant({ ...example, huge: TEN_MB }), weight: 1 },
        );
        await fc.assert(
          fc.asyncProperty(variables, async (vars) => {
            runs++;
            const body = serialize({ query: target.query, variables: vars ?? null });
            const res = await postGraphQL(t, body, account.auth);
            const what = `${target.name} ${body.slice(0, 400)} → ${res.status} ${res.text.slice(0, 400)}`;
            expectGraphQLAnswer(res, what);
            if (!target.write) return;
            const result = res.body.data?.[target.name] as ({ __typename?: string } & Record<string, any>) | undefined;
            const succeeded = !!result?.__typename?.endsWith("Success");
            if (!succeeded) return guard.refused(what);
            // The success's one data field (invoice, prompt, label, user, generatedInvoice).
            const data = Object.entries(result!).find(([key]) => key !== "__typename")![1] as Record<string, any>;
            if (data.rawId) {
              const stored = await t.db.invoice.findUniqueOrThrow({ where: { id: data.rawId }, include: { items: { orderBy: { position: "asc" } }, discounts: { orderBy: { position: "asc" } }, taxes: { orderBy: { position: "asc" } } } });
              const totals = invoiceTotals(stored);
              expect(stored.totalMinor, what).toBe(totals.totalMinor);
              expect(data.total.minor, what).toBe(String(totals.totalMinor));
              expect(data.totals.total.minor, what).toBe(String(totals.totalMinor));
            }
            await guard.accept();
          }),
          { ...fuzzRuns(), seed: BASE_SEED + 200 + index, endOnFailure: true },
        ).finally(() => guard.close());
        finished(`graphql ${target.name}`, runs);
      });
    });
  });
}

/** A GraphQL answer: 200 with data and/or errors, or 400/413 with errors; never an internal error. */
function expectGraphQLAnswer(res: GqlResponse, what: string) {
  expect(isInternalError(res), what).toBe(false);
  expect([200, 400, 413], what).toContain(res.status);
  if (res.status === 413) return expect(typeof res.body.error, what).toBe("string");
  expect(res.body.data !== undefined || Array.isArray(res.body.errors), what).toBe(true);
  for (const error of res.body.errors ?? []) expect(typeof error.message, what).toBe("string");
}


// ---------------------------------------------------------------- regressions

/**
 * Each bug the hardening suites found, kept as a plain case (all were 500s or masked
 * "Unexpected error."s before the fix; the PostgreSQL-only ones answered fine on SQLite).
 */
export function regressionCases() {
  describe("regressions found by the hardening suites", () => {
    const t = useTestApp({ app: { generateInvoice: fakeGenerator().fn, renderInvoicePdf: fakeRenderer().fn } });

    it("REST: deeply nested JSON is a quick 400, not a stack overflow (route.ts)", async () => {
      const a = await createAccount(t.db);
      const inv = (await validRequest(t, a, "getInvoice")).path.split("/").pop()!;
      const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
      for (const [method, path] of [["POST", "/api/v1/prompts"], ["POST", "/api/v1/invoices"], ["PATCH", `/api/v1/invoices/${inv}`], ["POST", "/api/invoices"], ["PATCH", `/api/invoices/${inv}`]] as const) {
        for (const levels of [33, 10_000, 500_000]) {
          const started = performance.now();
          const res = await call(t, method, path, { auth: a.auth, headers: { "content-type": "application/json" }, body: `{"notes": ${nested(levels)}}` });
          expect(res, `${method} ${path} ${levels}`).toMatchObject({ status: 400, body: { error: "Request body is nested too deeply: at most 32 levels" } });
          expect(performance.now() - started, `${method} ${path} ${levels}`).toBeLessThan(2_000);
        }
        // 32 levels is still fine (and then the schema decides).
        expect((await call(t, method, path, { auth: a.auth, headers: { "content-type": "application/json" }, body: `{"x": ${nested(31)}}` })).status).toBeLessThan(500);
      }
    });

    it("REST: NUL in a path id and unpaired surrogates in a body are 400s naming the field (PostgreSQL refused them with a 500)", async () => {
      const a = await createAccount(t.db);
      for (const [method, path] of [["GET", "/api/v1/invoices/a%00b"], ["GET", "/api/invoices/a%00b"], ["PUT", "/api/v1/prompts/a%00b"], ["DELETE", "/api/v1/prompts/a%00b"], ["POST", "/api/v1/invoices/a%00b/mark-paid"]] as const) {
        const res = await call(t, method, path, { auth: a.auth, json: method === "PUT" ? { prompt_text: "x" } : undefined });
        expect(res, `${method} ${path}`).toMatchObject({ status: 400, body: { error: "Invalid path parameter id: must not contain NUL (\\u0000) characters" } });
      }
      const prompt = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers: { "content-type": "application/json" }, body: '{"prompt_text": "\\ud800x"}' });
      expect(prompt).toMatchObject({ status: 400, body: { error: "prompt_text: must be valid Unicode text (it contains an unpaired surrogate)" } });
      const invoice = await call(t, "POST", "/api/v1/invoices", {
        auth: a.auth,
        headers: { "content-type": "application/json" },
        body: '{"invoice": {"title": "\\udfff", "items": [{"description": "x", "quantity": "1", "unit_price": "1"}]}}',
      });
      expect(invoice).toMatchObject({ status: 400, body: { error: "invoice.title: must be valid Unicode text (it contains an unpaired surrogate)" } });
      const query = await call(t, "GET", "/api/v1/invoices?search=%ED%A0%80x", { auth: a.auth });
      expect(query.status).toBeLessThan(500);
      expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
    });

    it("GraphQL: NUL and unpaired surrogates in variables and literals are refused up front (yoga.ts)", async () => {
      const a = await createAccount(t.db);
      const cursor = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const cases: [string, Record<string, unknown>][] = [
        [`query($id: ID!) { invoice(id: $id) { id } }`, { id: "a\u0000b" }],
        [`query($id: ID!) { invoice(id: $id) { id } }`, { id: "a\ud800b" }],
        [`query($s: String) { invoices(filter: { search: $s }) { totalCount } }`, { s: "a\u0000b" }],
        [`{ prompts(filter: { label: "\\u0000", content: "\\u0000" }) { edges { cursor } } }`, {}],
        [`mutation { updateInvoice(input: { id: "a\\u0000b", title: "x" }) { __typename } }`, {}],
        [`mutation { deleteLabel(input: { id: "a\\u0000b" }) { __typename } }`, {}],
        [`mutation { revokeApiToken(input: { id: "a\\u0000b" }) { __typename } }`, {}],
        [`mutation { createApiToken(input: { name: "a\\u0000", permissions: [READ] }) { __typename } }`, {}],
        [`mutation { signIn(input: { email: "a\\u0000b@example.com", password: "long enough" }) { __typename } }`, {}],
        [`mutation { generateInvoice(input: { provider: OFFLINE, promptId: "a\\u0000b" }) { __typename } }`, {}],
      ];
      for (const [query, variables] of cases) {
        const res = await gql(t, query, variables, a.auth);
        const what = `${query} ${JSON.stringify(variables)}: ${res.text}`;
        expect(isInternalError(res), what).toBe(false);
        expect(res.status, what).toBe(400);
        expect(res.body.errors?.[0]?.message, what).toMatch(/must not contain NUL|must be valid Unicode text/);
      }
      // Cursors are decoded by the service: the same text rule applies inside them.
      for (const after of [cursor(["number", "\u0000", "x"]), cursor(["number", "a", "\u0000"]), cursor(["createdAt", "not a date", "x"]), cursor(["createdAt", "99999-01-01", "x"]), cursor(["total", "1.5", "x"]), cursor(["total", "99999999999999999999", "x"])]) {
        const field = /total/.test(Buffer.from(after, "base64url").toString()) ? "TOTAL" : /number/.test(Buffer.from(after, "base64url").toString()) ? "NUMBER" : "CREATED_AT";
        const res = await gql(t, `query($after: String) { invoices(first: 1, after: $after, orderBy: { field: ${field}, direction: ASC }) { totalCount } }`, { after }, a.auth);
        expect(isInternalError(res), res.text).toBe(false);
        expect(res.body.errors?.[0]?.message, res.text).toBe("after: is not a valid cursor for this ordering");
      }
    });

    it("GraphQL: malformed global ids and ids of types that are not nodes are null, not internal errors (builder.ts)", async () => {
      const a = await createAccount(t.db);
      const b64 = (s: string) => Buffer.from(s).toString("base64");
      for (const id of ["abc", "", "%%%", b64("Invoice:"), b64("Nope:1"), b64(`User:${a.user.id}`), b64("Label:1"), b64("InvoiceItem:1"), "a".repeat(10_000)]) {
        const node = await gql(t, `query($id: ID!) { node(id: $id) { id } }`, { id }, a.auth);
        expect(node.body, `node ${id.slice(0, 20)}: ${node.text}`).toEqual({ data: { node: null } });
        const nodes = await gql(t, `query($id: ID!) { nodes(ids: [$id]) { id } }`, { id }, a.auth);
        expect(nodes.body, `nodes ${id.slice(0, 20)}: ${nodes.text}`).toEqual({ data: { nodes: [null] } });
      }
    });

    it("GraphQL: nodes(ids:) answers each id in its place, a miss as null (builder.ts)", async () => {
      const a = await createAccount(t.db);
      const [one, two] = [(await validRequest(t, a, "getInvoice")).path.split("/").pop()!, (await validRequest(t, a, "getInvoice")).path.split("/").pop()!];
      const ids = [globalId("Invoice", one), globalId("Invoice", "missing"), globalId("Invoice", two), globalId("Invoice", one)];
      const res = await gql(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, a.auth);
      expect(res.body, res.text).toEqual({ data: { nodes: [{ id: ids[0] }, null, { id: ids[2] }, { id: ids[0] }] } });
      const over = await gql(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(21).fill(ids[0]) }, a.auth);
      expect(over.body.errors?.[0]?.message).toBe("ids: at most 20 ids per call (got 21)");
    });

    it("GraphQL: deletePrompt answers with the deleted prompt's global id (prompts.graphql.ts)", async () => {
      const a = await createAccount(t.db);
      const created = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "doomed", labels: [{ name: "Gone", color: "#111111" }] } });
      const res = await gql(
        t,
        `mutation($id: ID!) { deletePrompt(input: { id: $id }) { __typename ... on DeletePromptSuccess { deletedId } } }`,
        { id: globalId("Prompt", created.body.prompt.id) },
        a.auth,
      );
      expect(res.body, res.text).toEqual({
        data: { deletePrompt: { __typename: "DeletePromptSuccess", deletedId: globalId("Prompt", created.body.prompt.id) } },
      });
      expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
    });
  });
}
