/**
 * OWASP API Security Top 10 matrix, GENERATED over every REST route (V1_ROUTES +
 * BASIC_INVOICE_ROUTES) and every GraphQL root field of the built schema (access
 * level read from its Pothos authScopes), so a new route or field is covered the
 * day it is added:
 *
 * - API2 broken authentication: no credentials, forged cookies, ~15 malformed or
 *   tampered bearer tokens, a token revoked through the tokens service (it worked
 *   before), and a bad bearer next to a valid session cookie → 401 / UNAUTHENTICATED,
 *   nothing changes.
 * - API5 broken function-level authorization: read-only tokens on every write,
 *   write-only tokens on every read, and read+write tokens without admin on every
 *   token-management field → 403 / FORBIDDEN, nothing changes.
 * - API1 broken object-level authorization: another account's ids in paths, bodies,
 *   query strings and GraphQL arguments → 404 / null / NOT_FOUND, the victim's data
 *   never appears in a response and never changes.
 * - API3 broken object-property-level authorization (mass assignment): fields a
 *   client must not set (ids, owner, timestamps, totals, origin, paid dates and
 *   status through the wrong route, prototype keys) are ignored or refused with
 *   400, and the stored rows show they had no effect.
 *
 * server/rest/auth-matrix.test.ts and server/graphql/auth-matrix.test.ts keep the
 * exact messages of the basic cases; this file generates the wider space around them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { schema } from "../graphql/schema.ts";
import { BasicCreateBody, BasicUpdateBody } from "../modules/invoices/basic-invoice-api.rest.ts";
import { InvoiceCreateBody } from "../modules/invoices/invoices.rest.ts";
import { invoiceTotals } from "../modules/invoices/invoices.service.ts";
import { revokeApiToken } from "../modules/tokens/tokens.service.ts";
import type { AnyRoute } from "../rest/route.ts";
import { call, fakeGenerator, fakeRenderer, validRequest } from "../test/rest.ts";
import { createAccount, createToken, signInCookie } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import {
  buildOperation,
  createVictim,
  errorCodes,
  fingerprint,
  generatedArgs,
  globalId,
  gql,
  hasIdParam,
  isBasic,
  isInternalError,
  leakedMarker,
  resourceOf,
  rootFields,
  routeLabel,
  ROUTES,
  routeUrl,
  snapshotAccount,
  uid,
  type IdSet,
  type Victim,
} from "./cases.ts";

const MISSING = "Missing API token: send 'Authorization: Bearer YOUR_API_TOKEN'";
const INVALID = "Invalid or expired API token";
const MALFORMED = "Malformed Authorization header: expected 'Bearer <token>'";

const ROOTS = rootFields(schema);
const WRITE_ROUTES = ROUTES.filter((r) => r.permission === "write");
const READ_ROUTES = ROUTES.filter((r) => r.permission === "read");

let total = 0;
const perCategory: Record<string, number> = {};
function counted(category: string) {
  total++;
  perCategory[category] = (perCategory[category] ?? 0) + 1;
}

describe("OWASP API Top 10 matrix", () => {
  const t = useTestApp({ app: { generateInvoice: fakeGenerator().fn, renderInvoicePdf: fakeRenderer().fn } });

  type Owner = Awaited<ReturnType<typeof createAccount>>;
  let owner: Owner;
  let attacker: Owner;
  let victim: Victim;
  let revoked: string;
  let ownerCookie: string;
  let writeOnly: Record<string, string>;
  let readWrite: Record<string, string>;

  beforeAll(async () => {
    owner = await createAccount(t.db);
    attacker = await createAccount(t.db);
    victim = await createVictim(t.db);
    ownerCookie = await signInCookie(t, owner.email, owner.password);
    writeOnly = (await createToken(t.db, owner.user, ["write"], "write-only")).auth;
    readWrite = (await createToken(t.db, owner.user, ["read", "write"], "read-write")).auth;
    const doomed = await createToken(t.db, owner.user, ["read", "write"], "to-revoke");
    // It works, then the tokens service revokes it: from then on it is just a bad token.
    const works = await call(t, "GET", "/api/v1/invoices", { auth: doomed.auth });
    expect(works.status, works.text).toBe(200);
    await revokeApiToken(t.db, owner.user.id, doomed.apiToken.id);
    revoked = doomed.secret;
  });

  afterAll(() => {
    console.log(`OWASP matrix: ${total} cases run ${JSON.stringify(perCategory)}`);
  });

  /** Every way of presenting credentials that must not authenticate anyone. */
  function badCredentials(): { name: string; headers: Record<string, string>; error: string }[] {
    const token = owner.token;
    const [, prefix, secret] = /^inv_([0-9a-f]{12})_(.+)$/.exec(token)!;
    const victimPrefix = /^inv_([0-9a-f]{12})_/.exec(victim.token)![1];
    const flipped = secret!.slice(0, -1) + (secret!.endsWith("A") ? "B" : "A");
    return [
      { name: "no credentials", headers: {}, error: MISSING },
      { name: "unsigned session cookie", headers: { cookie: "invobi_session=forged-session-value" }, error: MISSING },
      { name: "session cookie with a forged signature", headers: { cookie: `invobi_session=${"a".repeat(43)}.${"b".repeat(43)}%3D` }, error: MISSING },
      { name: "empty Bearer", headers: { authorization: "Bearer" }, error: MALFORMED },
      { name: "Basic scheme", headers: { authorization: `Basic ${Buffer.from(`${owner.email}:${owner.password}`).toString("base64")}` }, error: MALFORMED },
      { name: "token without a scheme", headers: { authorization: token }, error: MALFORMED },
      { name: "two tokens", headers: { authorization: `Bearer ${token} ${token}` }, error: MALFORMED },
      { name: "Token scheme", headers: { authorization: `Token ${token}` }, error: MALFORMED },
      { name: "unknown token of the right shape", headers: { authorization: "Bearer inv_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, error: INVALID },
      { name: "tampered secret", headers: { authorization: `Bearer inv_${prefix}_${flipped}` }, error: INVALID },
      { name: "truncated secret", headers: { authorization: `Bearer ${token.slice(0, -4)}` }, error: INVALID },
      { name: "upper-cased secret", headers: { authorization: `Bearer inv_${prefix}_${secret!.toUpperCase()}` }, error: INVALID },
      { name: "another account's prefix with this secret", headers: { authorization: `Bearer inv_${victimPrefix}_${secret}` }, error: INVALID },
      { name: "SQL in the token", headers: { authorization: "Bearer inv_'OR'1'='1'--" }, error: INVALID },
      { name: "unsigned JWT", headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9." }, error: INVALID },
      { name: "8 KB token", headers: { authorization: `Bearer inv_${prefix}_${"A".repeat(8192)}` }, error: INVALID },
      { name: "revoked token", headers: { authorization: `Bearer ${revoked}` }, error: INVALID },
      { name: "revoked token next to a valid session cookie", headers: { authorization: `Bearer ${revoked}`, cookie: ownerCookie }, error: INVALID },
      { name: "garbage bearer next to a valid session cookie", headers: { authorization: "Bearer nope", cookie: ownerCookie }, error: INVALID },
    ];
  }

  // One token for every case: an account holds at most 50 active tokens.
  let matrixToken: string | undefined;
  const ownerIds = async (): Promise<IdSet> => {
    const inv = (await validRequest(t, owner, "getInvoice")).path.split("/").pop()!;
    const prompt = (await validRequest(t, owner, "getPrompt")).path.split("/").pop()!;
    const label = await t.db.label.findFirstOrThrow({ where: { userId: owner.user.id } });
    matrixToken ??= (await createToken(t.db, owner.user, ["read"], `matrix-${uid()}`)).apiToken.id;
    return { invoice: inv, prompt, label: label.id, token: matrixToken };
  };

  // ---------------------------------------------------------------- API2: authentication

  describe("API2 broken authentication", () => {
    for (const route of ROUTES) {
      it(`REST ${routeLabel(route)}: every bad credential → 401 {error}, nothing changes`, async () => {
        const req = await validRequest(t, owner, route.operationId);
        const before = await snapshotAccount(t.db, owner.user.id);
        for (const bad of badCredentials()) {
          const res = await call(t, req.method, req.path, { headers: bad.headers, json: req.json });
          expect(res.status, `${routeLabel(route)} ${bad.name}`).toBe(401);
          expect(res.body, `${routeLabel(route)} ${bad.name}`).toEqual({ error: bad.error });
          counted("API2 REST");
        }
        expect(await snapshotAccount(t.db, owner.user.id), routeLabel(route)).toBe(before);
      });
    }

    for (const root of ROOTS) {
      it(`GraphQL ${root.kind} ${root.name} (${root.access}): every bad credential is refused`, async () => {
        const ids = await ownerIds();
        const op = buildOperation(schema, root, generatedArgs(root, ids));
        const before = await snapshotAccount(t.db, owner.user.id);
        for (const bad of badCredentials()) {
          const res = await gql(t, op.query, op.variables, bad.headers);
          const what = `${root.name} ${bad.name}`;
          expect(isInternalError(res), `${what}: ${res.text.slice(0, 300)}`).toBe(false);
          if (bad.headers.authorization) {
            // A presented bearer token that does not resolve is a 401 before any field runs.
            expect(res.status, what).toBe(401);
            expect(res.body.error, what).toBe(bad.error);
          } else if (root.access === "public") {
            expect(errorCodes(res), what).not.toContain("UNAUTHENTICATED");
          } else {
            expect(errorCodes(res), `${what}: ${res.text.slice(0, 300)}`).toContain("UNAUTHENTICATED");
            expect(res.body.data?.[root.name] ?? null, what).toBeNull();
          }
          counted("API2 GraphQL");
        }
        expect(await snapshotAccount(t.db, owner.user.id), root.name).toBe(before);
      });
    }
  });

  // ---------------------------------------------------------------- API5: function-level authorization

  describe("API5 broken function-level authorization", () => {
    for (const route of WRITE_ROUTES) {
      it(`REST ${routeLabel(route)}: a read-only token → 403, nothing changes`, async () => {
        const req = await validRequest(t, owner, route.operationId);
        const before = await snapshotAccount(t.db, owner.user.id);
        const res = await call(t, req.method, req.path, { auth: owner.readOnlyAuth, json: req.json });
        expect(res.status, routeLabel(route)).toBe(403);
        expect(res.body, routeLabel(route)).toEqual({ error: "Insufficient permissions: this API token does not have write permission" });
        expect(await snapshotAccount(t.db, owner.user.id), routeLabel(route)).toBe(before);
        counted("API5 REST");
      });
    }
    for (const route of READ_ROUTES) {
      it(`REST ${routeLabel(route)}: a write-only token → 403`, async () => {
        const req = await validRequest(t, owner, route.operationId);
        const res = await call(t, req.method, req.path, { auth: writeOnly });
        expect(res, routeLabel(route)).toMatchObject({ status: 403, body: { error: "Insufficient permissions: this API token does not have read permission" } });
        counted("API5 REST");
      });
    }
    for (const root of ROOTS.filter((r) => r.access !== "public")) {
      const [token, label] =
        root.access === "admin"
          ? (["readWrite", "a read+write token without admin"] as const)
          : root.access === "write"
            ? (["readOnly", "a read-only token"] as const)
            : (["writeOnly", "a write-only token"] as const);
      // A mutation answers it in its payload (the ForbiddenError member), a query as a top-level FORBIDDEN.
      it(`GraphQL ${root.kind} ${root.name}: ${label} → FORBIDDEN, nothing changes`, async () => {
        const ids = await ownerIds();
        const op = buildOperation(schema, root, generatedArgs(root, ids));
        const before = await snapshotAccount(t.db, owner.user.id);
        const auth = { readOnly: owner.readOnlyAuth, writeOnly, readWrite }[token];
        const res = await gql(t, op.query, op.variables, auth);
        if (root.kind === "mutation") {
          expect(res.body.errors, `${root.name}: ${res.text.slice(0, 300)}`).toBeUndefined();
          expect(res.body.data?.[root.name], root.name).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
        } else {
          expect(errorCodes(res), `${root.name}: ${res.text.slice(0, 300)}`).toContain("FORBIDDEN");
          expect(res.body.data?.[root.name] ?? null, root.name).toBeNull();
        }
        expect(await snapshotAccount(t.db, owner.user.id), root.name).toBe(before);
        counted("API5 GraphQL");
      });
    }
  });

  // ---------------------------------------------------------------- API1: object-level authorization

  describe("API1 broken object-level authorization: another account's ids", () => {
    const victimIdFor = (route: AnyRoute) => (resourceOf(route) === "prompt" ? victim.ids.prompt : victim.ids.invoice);

    for (const route of ROUTES.filter(hasIdParam)) {
      it(`REST ${routeLabel(route)} with the victim's id → 404, no leak, nothing changes`, async () => {
        const req = await validRequest(t, attacker, route.operationId);
        const before = await snapshotAccount(t.db, victim.user.id);
        // The victim's raw id, and its GraphQL global id (which REST must not decode into a lookup either).
        for (const id of [victimIdFor(route), globalId(resourceOf(route) === "prompt" ? "Prompt" : "Invoice", victimIdFor(route))]) {
          const res = await call(t, req.method, routeUrl(route, id), { auth: attacker.auth, json: req.json });
          expect(res.status, `${routeLabel(route)} ${id}`).toBe(404);
          expect(res.body.error, routeLabel(route)).toMatch(/^(Invoice|Prompt) not found$/);
          expect(leakedMarker(res.text, victim.markers), routeLabel(route)).toBeUndefined();
          counted("API1 REST");
        }
        expect(await snapshotAccount(t.db, victim.user.id), routeLabel(route)).toBe(before);
      });
    }

    for (const route of ROUTES.filter((r) => !hasIdParam(r))) {
      it(`REST ${routeLabel(route)}: the victim's ids and data in the query and body are never reached`, async () => {
        const req = await validRequest(t, attacker, route.operationId);
        const before = await snapshotAccount(t.db, victim.user.id);
        const attempts: { what: string; path: string; extra?: Record<string, unknown>; expect: number[] }[] = [];
        const [path] = req.path.split("?") as [string];
        // Owner-ish and free-text query parameters carrying the victim's id and words.
        for (const key of ["user_id", "userId", "owner_id", "ownerId", "search", "label", "content", "status"]) {
          for (const value of [victim.user.id, victim.invoice.number, victim.label.name, victim.prompt.text.slice(0, 30)]) {
            attempts.push({ what: `?${key}=${value}`, path: `${path}?${key}=${encodeURIComponent(value)}`, expect: [req.status, 400] });
          }
        }
        // Body fields that reference another resource by id.
        if (req.json && typeof req.json === "object") {
          for (const key of ["prompt_id", "promptId", "invoice_id", "invoiceId", "label_id"]) {
            const id = /invoice/i.test(key) ? victim.ids.invoice : victim.ids.prompt;
            const accepted = bodyKeys(route).has(key);
            attempts.push({ what: `body ${key}`, path: req.path, extra: { [key]: id }, expect: accepted ? [404] : [req.status, 400] });
          }
        }
        for (const attempt of attempts) {
          // A fresh body each time (the basic API's example carries a unique invoice number).
          const fresh = (await validRequest(t, attacker, route.operationId)).json;
          const json = fresh && typeof fresh === "object" ? { ...fresh, ...attempt.extra } : fresh;
          const res = await call(t, req.method, attempt.path, { auth: attacker.auth, json });
          expect(attempt.expect, `${routeLabel(route)} ${attempt.what}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
          if (res.status === 404) expect(res.body.error).toBe("Prompt not found");
          expect(leakedMarker(res.text, victim.markers), `${routeLabel(route)} ${attempt.what}`).toBeUndefined();
          counted("API1 REST");
        }
        if (route.operationId === "listInvoices") {
          const res = await call(t, "GET", `/api/v1/invoices?search=${encodeURIComponent(victim.invoice.number)}`, { auth: attacker.auth });
          expect(res.body.pagination.total).toBe(0);
        }
        expect(await snapshotAccount(t.db, victim.user.id), routeLabel(route)).toBe(before);
      });
    }

    it("REST: an attacker's label named like the victim's does not touch the victim's label", async () => {
      const attacker = await createAccount(t.db); // its own: these labels carry the victim's names
      const before = await snapshotAccount(t.db, victim.user.id);
      for (const name of [victim.label.name, victim.label.name.toUpperCase(), ` ${victim.label.name} `]) {
        const res = await call(t, "POST", "/api/v1/prompts", { auth: attacker.auth, json: { prompt_text: "mine", labels: [{ name, color: "#000000" }] } });
        expect(res.status, name).toBe(201);
        counted("API1 REST");
      }
      expect(await snapshotAccount(t.db, victim.user.id)).toBe(before);
    });

    const victimIds = () => ({ invoice: victim.ids.invoice, prompt: victim.ids.prompt, label: victim.ids.label, token: victim.ids.token });

    for (const root of ROOTS.filter((r) => r.access !== "public")) {
      it(`GraphQL ${root.kind} ${root.name} as another account: not found, no leak, nothing changes`, async () => {
        const args = generatedArgs(root, victimIds());
        const variants = [args];
        if (root.name === "node") variants.push({ id: victim.ids.promptGid }, { id: victim.ids.invoice });
        if (root.name === "invoice") variants.push({ id: victim.ids.invoice });
        const before = await snapshotAccount(t.db, victim.user.id);
        for (const variant of variants) {
          const op = buildOperation(schema, root, variant);
          const res = await gql(t, op.query, op.variables, attacker.auth);
          const what = `${root.name} ${JSON.stringify(variant)}: ${res.text.slice(0, 300)}`;
          expect(isInternalError(res), what).toBe(false);
          expect(leakedMarker(res.text, victim.markers), what).toBeUndefined();
          if (usesVictimId(variant)) expect(isNotFound(res, root.name), what).toBe(true);
          counted("API1 GraphQL");
        }
        expect(await snapshotAccount(t.db, victim.user.id), root.name).toBe(before);
      });
    }

    /** Did the generated arguments carry one of the victim's ids? */
    function usesVictimId(args: Record<string, unknown>): boolean {
      const text = JSON.stringify(args);
      return Object.values(victim.ids).some((id) => text.includes(id));
    }

    it("GraphQL: revoking the victim's token, or naming labels like the victim's, changes nothing of the victim's", async () => {
      const attacker = await createAccount(t.db); // its own: its label carries the victim's name
      const before = await snapshotAccount(t.db, victim.user.id);
      const revoke = await gql(t, `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename } }`, { id: victim.ids.token }, attacker.auth);
      expect(revoke.body.data?.revokeApiToken.__typename).toBe("NotFoundError");
      const label = await gql(t, `mutation($name: String!) { createLabel(input: { name: $name, color: "#000000" }) { __typename } }`, { name: victim.label.name }, attacker.auth);
      expect(label.body.data?.createLabel.__typename).toBe("CreateLabelSuccess");
      counted("API1 GraphQL");
      counted("API1 GraphQL");
      expect(await snapshotAccount(t.db, victim.user.id)).toBe(before);
      // The victim's token still works.
      expect((await gql(t, `{ viewer { email } }`, {}, { authorization: `Bearer ${victim.readToken.secret}` })).body.data?.viewer.email).toBe(victim.email);
    });
  });

  // ---------------------------------------------------------------- API3: mass assignment

  describe("API3 mass assignment: fields a client must not set", () => {
    const FORGED_DATE = "2001-02-03T04:05:06.000Z";
    const FORGED_ID = "forged-id-0123456789";
    const forgedFields = (): Record<string, unknown> => ({
      id: FORGED_ID,
      user_id: victim.user.id,
      userId: victim.user.id,
      owner_id: victim.user.id,
      ownerId: victim.user.id,
      user: { connect: { id: victim.user.id } },
      created_at: FORGED_DATE,
      createdAt: FORGED_DATE,
      updated_at: FORGED_DATE,
      updatedAt: FORGED_DATE,
      subtotal: "999999.99",
      total: "999999.99",
      total_minor: "99999999",
      totalMinor: 99999999,
      subtotal_minor: 99999999,
      tax_total: "999999.99",
      discount_total: "999999.99",
      totals: { total: "999999.99" },
      tax_lines: [{ name: "Forged", rate: "0", base: "0", amount: "999999.99" }],
      is_overdue: true,
      search_text: "forged",
      searchText: "forged",
      next_invoice_number: 999,
      nextInvoiceNumber: 999,
      paid_at: "2001-02-03",
      paidAt: "2001-02-03",
      paidDate: "2001-02-03",
      status: "paid",
      prompt_text: "forged origin",
      promptText: "forged origin",
      llm_provider: "gpt-4o",
      llmProvider: "gpt-4o",
      prompt_id: victim.ids.prompt,
      promptId: victim.ids.prompt,
      password_hash: "forged",
      email: "forged@example.com",
      ["__proto__"]: { isAdmin: true },
      constructor: { prototype: { isAdmin: true } },
    });
    const forgedItemFields = () => ({ id: FORGED_ID, amount: "999999.99", net_minor: 99999999, netMinor: 99999999, position: 99, invoice_id: victim.ids.invoice });

    for (const route of ROUTES) {
      it(`REST ${routeLabel(route)}: forged fields are ignored or refused with 400`, async () => {
        const owner = await createAccount(t.db); // its own account: one snapshot per request stays small
        const accepted = bodyKeys(route);
        const victimBefore = await snapshotAccount(t.db, victim.user.id);
        const injections: { what: string; key: string; build: (json: Record<string, unknown> | undefined) => { json?: unknown; query?: string } }[] = [];
        for (const [key, value] of Object.entries(forgedFields())) {
          if (accepted.has(key)) continue;
          if (!route.body) continue;
          injections.push({ what: `body.${key}`, key, build: (json) => ({ json: { ...json, ...{ [key]: value } } }) });
          // createInvoice's structured variant: the same keys inside the invoice object.
          if (route.operationId === "createInvoice" && !INVOICE_KEYS.has(key)) {
            injections.push({ what: `body.invoice.${key}`, key, build: () => ({ json: { invoice: { ...structuredInvoice(), ...{ [key]: value } } } }) });
          }
        }
        if (!route.body) {
          // Routes without a body: every forged field at once in the query string.
          const query = Object.entries(forgedFields())
            .map(([key, value]) => `${key}=${encodeURIComponent(typeof value === "string" ? value : JSON.stringify(value))}`)
            .join("&");
          injections.push({ what: "query string", key: "query", build: () => ({ query }) });
        }
        for (const [key, value] of Object.entries(route.body ? forgedItemFields() : {})) {
          if (isBasic(route) && key === "id") continue; // the basic API's item id is the caller's own reference
          injections.push({
            what: `items[0].${key}`,
            key,
            build: (json) => {
              if (route.operationId === "createInvoice") return { json: { invoice: { ...structuredInvoice(), items: [{ ...structuredInvoice().items[0], [key]: value }] } } };
              const item = isBasic(route) ? { id: "i", description: "Work", quantity: 1, rate: 10 } : { description: "Work", quantity: "1", unit_price: "10" };
              return { json: { ...json, items: [{ ...item, [key]: value }] } };
            },
          });
        }
        for (const injection of injections) {
          const req = await validRequest(t, owner, route.operationId);
          const { json, query } = injection.build(req.json as Record<string, unknown> | undefined);
          const path = query ? `${req.path}${req.path.includes("?") ? "&" : "?"}${query}` : req.path;
          const id = hasIdParam(route) ? idInPath(route, req.path) : null;
          const target = id ? { [resourceOf(route)]: id } : {};
          const ownerBefore = await fingerprint(t.db, owner.user.id, target);
          const rowBefore = id && resourceOf(route) === "invoice" ? await t.db.invoice.findUnique({ where: { id } }) : null;
          const res = await call(t, req.method, path, { auth: owner.auth, json });
          const what = `${routeLabel(route)} ${injection.what}: ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status === 400 || (res.status >= 200 && res.status < 300), what).toBe(true);
          if (res.status === 400) {
            expect(typeof res.body.error, what).toBe("string");
            expect(await fingerprint(t.db, owner.user.id, target), what).toBe(ownerBefore);
          } else {
            await expectNoEffect(route, owner, id ?? (resourceOf(route) === "prompt" ? res.body.prompt?.id : res.body.invoice?.id), injection.key, rowBefore, what);
          }
          expect(({} as Record<string, unknown>).isAdmin, "prototype pollution").toBeUndefined();
          counted("API3 REST");
        }
        expect(await snapshotAccount(t.db, victim.user.id), routeLabel(route)).toBe(victimBefore);
      });
    }

    const INVOICE_KEYS = new Set(Object.keys(schemaShape(InvoiceCreateBody) ?? {}));

    function structuredInvoice() {
      return { title: "Structured", customer: { name: "Acme" }, items: [{ description: "Work", quantity: "2", unit_price: "10" }] };
    }

    function idInPath(route: AnyRoute, path: string): string {
      const parts = path.split("?")[0]!.split("/");
      return decodeURIComponent(parts[isBasic(route) ? 3 : 4]!);
    }

    /** After a 2xx: the rows the request wrote carry nothing the forged field asked for. */
    async function expectNoEffect(route: AnyRoute, owner: Owner, id: string | undefined, key: string, before: unknown, what: string) {
      const forged = forgedFields();
      expect(await t.db.invoice.findUnique({ where: { id: FORGED_ID } }), what).toBeNull();
      expect(await t.db.prompt.findUnique({ where: { id: FORGED_ID } }), what).toBeNull();
      expect(await t.db.invoiceItem.findUnique({ where: { id: FORGED_ID } }), what).toBeNull();
      const user = await t.db.user.findUniqueOrThrow({ where: { id: owner.user.id } });
      expect(user.email, what).toBe(owner.email);
      expect(user.nextInvoiceNumber, what).toBeLessThan(900);
      expect(user.passwordHash, what).not.toBe("forged");

      if (route.method === "delete" || route.method === "get") return;
      expect(id, what).toBeTruthy();
      if (resourceOf(route) === "prompt") {
        const prompt = await t.db.prompt.findUniqueOrThrow({ where: { id: id! }, include: { labels: true } });
        expect(prompt.userId, what).toBe(owner.user.id);
        expect(prompt.createdAt.toISOString(), what).not.toBe(FORGED_DATE);
        expect(prompt.updatedAt.toISOString(), what).not.toBe(FORGED_DATE);
        expect(prompt.labels.every((l) => l.userId === owner.user.id), what).toBe(true);
        return;
      }
      const invoice = await t.db.invoice.findUniqueOrThrow({
        where: { id: id! },
        include: { items: { orderBy: { position: "asc" } }, discounts: { orderBy: { position: "asc" } }, taxes: { orderBy: { position: "asc" } } },
      });
      expect(invoice.userId, what).toBe(owner.user.id);
      expect(invoice.createdAt.toISOString(), what).not.toBe(FORGED_DATE);
      expect(invoice.updatedAt.toISOString(), what).not.toBe(FORGED_DATE);
      expect(invoice.searchText, what).not.toBe("forged");
      const totals = invoiceTotals(invoice);
      expect([invoice.subtotalMinor, invoice.discountMinor, invoice.taxMinor, invoice.totalMinor], what).toEqual([
        totals.subtotalMinor,
        totals.discountTotalMinor,
        totals.taxTotalMinor,
        totals.totalMinor,
      ]);
      invoice.items.forEach((item, i) => {
        expect(item.netMinor, what).toBe(totals.lines[i]!.netMinor);
        expect(item.position, what).toBe(i);
      });
      const prior = before as { promptText: string | null; llmProvider: string | null; promptId: string | null; status: string; paidAt: string | null } | null;
      expect(invoice.promptText, what).not.toBe(forged.prompt_text);
      expect(invoice.promptId, what).not.toBe(victim.ids.prompt);
      if (route.operationId !== "createInvoice") expect(invoice.llmProvider, what).toBe(prior?.llmProvider ?? null);
      if (["status", "paid_at", "paidAt", "paidDate"].includes(key)) {
        // Paid dates and status only move through the routes that accept them.
        if (route.operationId === "markInvoiceUnpaid") {
          expect(invoice.paidAt, what).toBeNull();
          expect(invoice.status, what).not.toBe("paid");
        } else if (route.operationId === "markInvoicePaid") {
          expect(invoice.status, what).toBe("paid");
          expect(invoice.paidAt, what).not.toBe("2001-02-03");
        } else {
          expect(invoice.paidAt, what).not.toBe("2001-02-03");
          expect(invoice.status, what).toBe(prior?.status ?? "draft");
        }
      }
    }

    it("GraphQL: fields and arguments a schema does not define are refused before anything runs", async () => {
      const forgedNames = ["id", "userId", "ownerId", "createdAt", "updatedAt", "subtotal", "total", "totals", "totalMinor", "netMinor", "amount", "searchText", "nextInvoiceNumber", "isOverdue", "passwordHash", "paidAt", "status", "promptText", "__proto__"];
      const ids = await ownerIds();
      for (const root of ROOTS.filter((r) => r.kind === "mutation")) {
        const before = await snapshotAccount(t.db, owner.user.id);
        const args = generatedArgs(root, ids);
        const cases: { what: string; variables: Record<string, unknown>; extraArgs?: string; message: RegExp }[] = [];
        // Unknown arguments.
        for (const name of ["userId", "ownerId", "createdAt"]) {
          if (root.field.args.some((a) => a.name === name)) continue;
          cases.push({ what: `argument ${name}`, variables: args, extraArgs: `${name}: "${victim.user.id}"`, message: new RegExp(`Unknown argument "${name}"`) });
        }
        // Unknown fields at every level of every input object argument.
        for (const arg of root.field.args) {
          if (!(arg.name in args)) continue;
          for (const { path, fields, typeName } of inputObjectsOf(args[arg.name], arg.type.toString(), [arg.name])) {
            for (const name of forgedNames.filter((n) => !fields.has(n))) {
              const variables = structuredClone(args);
              setAt(variables, path, name, name === "__proto__" ? { isAdmin: true } : victim.user.id);
              const message = name === "__proto__" ? /__proto__/ : new RegExp(`Field "${name}" is not defined by type "${typeName}"`);
              cases.push({ what: `${path.join(".")}.${name}`, variables, message });
            }
          }
        }
        for (const c of cases) {
          const op = buildOperation(schema, root, c.variables, { extraArgs: c.extraArgs });
          const res = await gql(t, op.query, op.variables, owner.auth);
          const what = `${root.name} ${c.what}: ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, what).toBe(400);
          expect(res.body.data ?? null, what).toBeNull();
          expect(res.body.errors?.some((e) => c.message.test(e.message)), what).toBe(true);
          counted("API3 GraphQL");
        }
        expect(await snapshotAccount(t.db, owner.user.id), root.name).toBe(before);
      }
      expect(({} as Record<string, unknown>).isAdmin, "prototype pollution").toBeUndefined();
    });
  });

  // ---------------------------------------------------------------- helpers

  /** Body keys a route legitimately accepts (top level), from its zod schemas. */
  function bodyKeys(route: AnyRoute): Set<string> {
    if (route.operationId === "basicCreateInvoice") return new Set(Object.keys(schemaShape(BasicCreateBody) ?? {}));
    if (route.operationId === "basicUpdateInvoice") return new Set(Object.keys(schemaShape(BasicUpdateBody) ?? {}));
    const body = route.body;
    if (!body) return new Set();
    const schemas = "schema" in body ? [body.schema] : body.variants;
    return new Set(schemas.flatMap((s: z.ZodType) => Object.keys(schemaShape(s) ?? {})));
  }

  /** Not found, as GraphQL says it: null, a list of nulls, a NotFoundError member or a NOT_FOUND error. */
  function isNotFound(res: Awaited<ReturnType<typeof gql>>, field: string): boolean {
    const value = res.body.data?.[field];
    if (errorCodes(res).includes("NOT_FOUND")) return true;
    if (value === null && !res.body.errors?.length) return true;
    if (Array.isArray(value) && value.every((v) => v === null)) return true;
    return (value as { __typename?: string } | undefined)?.__typename === "NotFoundError";
  }
});

function schemaShape(schema: z.ZodType): Record<string, unknown> | null {
  const s = schema as unknown as { shape?: Record<string, unknown>; _zod?: { def?: { in?: z.ZodType } } };
  if (s.shape) return s.shape;
  return s._zod?.def?.in ? schemaShape(s._zod.def.in) : null;
}

/** Every input object inside a generated argument value, with its path and defined field names. */
function inputObjectsOf(value: unknown, typeName: string, path: (string | number)[]): { path: (string | number)[]; fields: Set<string>; typeName: string }[] {
  const named = schema.getType(typeName.replace(/[[\]!]/g, ""));
  if (!named || !("getFields" in named) || !value || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.length ? inputObjectsOf(value[0], typeName.replace(/^\[|\]!?$/g, ""), [...path, 0]) : [];
  const fields = (named as { getFields(): Record<string, { type: { toString(): string } }> }).getFields();
  const out = [{ path, fields: new Set(Object.keys(fields)), typeName: named.name }];
  for (const [key, item] of Object.entries(value)) {
    const field = fields[key];
    if (field) out.push(...inputObjectsOf(item, field.type.toString().replace(/!$/, ""), [...path, key]));
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], key: string, value: unknown) {
  let node: any = root;
  for (const part of path) node = node[part];
  Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
}
