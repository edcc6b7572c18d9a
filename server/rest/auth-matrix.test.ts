/**
 * Authentication and permissions over EVERY REST route (v1 from its route table,
 * and the basic invoice API): 401 without or with a bad token, 403 for a read-only
 * token on every write route (and nothing changes), reads work read-only.
 */
import { describe, expect, it } from "vitest";
import { BASIC_INVOICE_ROUTES } from "../modules/invoices/basic-invoice-api.rest.ts";
import { createAccount } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import type { AnyRoute } from "./route.ts";
import { call, fakeGenerator, fakeRenderer, validRequest } from "../test/rest.ts";
import { V1_ROUTES } from "./v1.ts";

const ROUTES: AnyRoute[] = [...V1_ROUTES, ...BASIC_INVOICE_ROUTES];
const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.operationId.startsWith("basic") ? "/api/invoices" : "/api/v1"}${r.path}`;

describe("REST authentication and permissions, every route", () => {
  const t = useTestApp({ app: { generateInvoice: fakeGenerator().fn, renderInvoicePdf: fakeRenderer().fn } });

  const snapshot = async (userId: string) =>
    JSON.stringify(
      await Promise.all([
        t.db.invoice.findMany({ where: { userId }, include: { items: true, taxes: true }, orderBy: { id: "asc" } }),
        t.db.prompt.findMany({ where: { userId }, include: { labels: true }, orderBy: { id: "asc" } }),
      ]),
      (_k, v) => (typeof v === "bigint" ? v.toString() : v),
    );

  it("covers every route with a valid example request", async () => {
    const a = await createAccount(t.db);
    expect(ROUTES.length).toBe(21);
    for (const route of ROUTES) await expect(validRequest(t, a, route.operationId)).resolves.toBeTruthy();
  });

  it("answers 401 JSON without a token, with an unknown token and with a malformed header", async () => {
    const a = await createAccount(t.db);
    for (const route of ROUTES) {
      const req = await validRequest(t, a, route.operationId);
      const cases: [Record<string, string>, string][] = [
        [{}, "Missing API token: send 'Authorization: Bearer YOUR_API_TOKEN'"],
        [{ authorization: "Bearer inv_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "Invalid or expired API token"],
        [{ authorization: `Bearer ${a.token}x` }, "Invalid or expired API token"],
        [{ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, "Malformed Authorization header: expected 'Bearer <token>'"],
        [{ authorization: "Bearer" }, "Malformed Authorization header: expected 'Bearer <token>'"],
      ];
      for (const [headers, error] of cases) {
        const res = await call(t, req.method, req.path, { headers, json: req.json });
        expect(res.status, `${label(route)} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.body, label(route)).toEqual({ error });
      }
    }
  });

  it("answers 403 to a read-only token on every write route and changes nothing", async () => {
    const a = await createAccount(t.db);
    const writes = ROUTES.filter((r) => r.permission === "write");
    expect(writes.length).toBe(12);
    for (const route of writes) {
      const req = await validRequest(t, a, route.operationId);
      const before = await snapshot(a.user.id);
      const res = await call(t, req.method, req.path, { auth: a.readOnlyAuth, json: req.json });
      expect(res.status, label(route)).toBe(403);
      expect(res.body, label(route)).toEqual({ error: "Insufficient permissions: this API token does not have write permission" });
      expect(await snapshot(a.user.id), label(route)).toBe(before);
    }
  });

  it("lets a read-only token use every read route, and a read+write token every route", async () => {
    const a = await createAccount(t.db);
    for (const route of ROUTES) {
      const req = await validRequest(t, a, route.operationId);
      if (route.permission === "read") {
        const res = await call(t, req.method, req.path, { auth: a.readOnlyAuth });
        expect(res.status, label(route)).toBe(req.status);
      }
      const res = await call(t, req.method, req.path, { auth: a.auth, json: req.json });
      expect(res.status, `${label(route)} ${res.text.slice(0, 200)}`).toBe(req.status);
    }
  });

  it("answers 403 to a write-only token on read routes", async () => {
    const { createToken } = await import("../test/factories.ts");
    const a = await createAccount(t.db);
    const writeOnly = await createToken(t.db, a.user, ["write"], "write-only");
    for (const route of ROUTES.filter((r) => r.permission === "read")) {
      const req = await validRequest(t, a, route.operationId);
      const res = await call(t, req.method, req.path, { auth: writeOnly.auth });
      expect(res, label(route)).toMatchObject({
        status: 403,
        body: { error: "Insufficient permissions: this API token does not have read permission" },
      });
    }
  });

  it("answers 404 to another account on every route that takes an id", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    for (const route of ROUTES.filter((r) => r.path.includes(":id"))) {
      const req = await validRequest(t, a, route.operationId);
      const before = await snapshot(a.user.id);
      const res = await call(t, req.method, req.path, { auth: b.auth, json: req.json });
      expect(res.status, label(route)).toBe(404);
      expect(res.body.error, label(route)).toMatch(/^(Invoice|Prompt) not found$/);
      expect(await snapshot(a.user.id), label(route)).toBe(before);
    }
  });
});
