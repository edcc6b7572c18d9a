import { describe, expect, it } from "vitest";
import { call } from "../../test/rest.ts";
import { createAccount } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { missingFields } from "./basic-invoice-api.rest.ts";

/** The create example of docs/spec/basic-invoice-api.txt. */
const BASIC_EXAMPLE = {
  invoiceNumber: "INV-001",
  date: "2026-03-03",
  dueDate: "2026-03-17",
  status: "draft",
  customer: {
    id: "cust_123",
    name: "Acme Corp",
    email: "billing@acme.example",
    address: "123 Main St",
    city: "New York",
    state: "NY",
    zipCode: "10001",
    country: "USA",
  },
  items: [{ id: "item_1", description: "Web Development Services", quantity: 40, rate: 150, taxRate: 10 }],
  currency: "USD",
  notes: "Payment due within 14 days",
};

describe("basic invoice API (/api/invoices)", () => {
  const t = useTestApp({ now: () => new Date("2026-03-05T10:00:00Z") });

  it("creates an invoice from the documented example with real, stored data", async () => {
    const a = await createAccount(t.db);
    const res = await call(t, "POST", "/api/invoices", { auth: a.auth, json: BASIC_EXAMPLE });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe("Invoice created successfully");
    const { invoice } = res.body;
    expect(invoice).toMatchObject({
      invoiceNumber: "INV-001",
      date: "2026-03-03",
      dueDate: "2026-03-17",
      status: "draft",
      customer: BASIC_EXAMPLE.customer,
      items: [{ description: "Web Development Services", quantity: 40, rate: 150, taxRate: 10, amount: "6000.00" }],
      currency: "USD",
      notes: "Payment due within 14 days",
      subtotal: "6000.00",
      taxTotal: "600.00",
      total: "6600.00",
    });
    expect(invoice.id).toEqual(expect.any(String));
    expect(invoice.customer).not.toHaveProperty("logo");
    const stored = await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { items: true } });
    expect(stored).toMatchObject({ userId: a.user.id, number: "INV-001", customerRef: "cust_123", customerZip: "10001", totalMinor: 660000n });
    expect(invoice.items[0].id).toBe(stored.items[0]!.id);

    const list = await call(t, "GET", "/api/invoices", { auth: a.readOnlyAuth });
    expect(list.status).toBe(200);
    expect(list.body.invoices).toEqual([invoice]);
    expect(list.body.pagination).toEqual({ total: 1, page: 1, perPage: 20, totalPages: 1 });

    const got = await call(t, "GET", `/api/invoices/${invoice.id}`, { auth: a.readOnlyAuth });
    expect(got.body).toEqual({ invoiceId: invoice.id, invoice });
  });

  it("answers 400 Missing required fields with the list of what is missing", async () => {
    const a = await createAccount(t.db);
    const { invoiceNumber: _n, ...noNumber } = BASIC_EXAMPLE;
    const res = await call(t, "POST", "/api/invoices", {
      auth: a.auth,
      json: { ...noNumber, customer: { ...BASIC_EXAMPLE.customer, zipCode: "" }, items: [{ id: "i", description: "x", quantity: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "Missing required fields", missing: ["invoiceNumber", "customer.zipCode", "items[0].rate"] });
    expect(missingFields({})).toEqual(["invoiceNumber", "date", "dueDate", "status", "customer", "items", "currency"]);
    expect((await call(t, "POST", "/api/invoices", { auth: a.auth, json: {} })).body.error).toBe("Missing required fields");

    const badStatus = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...BASIC_EXAMPLE, status: "overdue" } });
    expect(badStatus).toMatchObject({ status: 400, body: { error: "status: must be one of draft, sent, paid, cancelled" } });
    const badRate = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...BASIC_EXAMPLE, items: [{ ...BASIC_EXAMPLE.items[0], rate: "12,50" }] } });
    expect(badRate).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^items\[0\]\.rate: /) } });
    const badGlobalTax = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...BASIC_EXAMPLE, invoiceNumber: "T-1", taxRate: 150 } });
    expect(badGlobalTax).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^taxRate: /) } });
    const badDue = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...BASIC_EXAMPLE, dueDate: "2026-01-01" } });
    expect(badDue.body.error).toMatch(/^dueDate: must not be before the issue date/);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("applies a global taxRate as one invoice-level tax, accepts ISO timestamps and a logo", async () => {
    const a = await createAccount(t.db);
    const res = await call(t, "POST", "/api/invoices", {
      auth: a.auth,
      json: {
        ...BASIC_EXAMPLE,
        date: "2026-03-03T09:00:00Z",
        customer: { ...BASIC_EXAMPLE.customer, logo: "https://acme.example/logo.png" },
        items: [
          { id: "a", description: "Build", quantity: 2, rate: 100, discount: 50 },
          { id: "b", description: "Host", quantity: 1, rate: 20 },
        ],
        taxRate: 20,
        status: "sent",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.invoice).toMatchObject({
      date: "2026-03-03",
      status: "sent",
      taxRate: 20,
      customer: { logo: "https://acme.example/logo.png" },
      items: [
        { description: "Build", quantity: 2, rate: 100, discount: 50, amount: "100.00" },
        { description: "Host", amount: "20.00" },
      ],
      subtotal: "120.00",
      taxTotal: "24.00",
      total: "144.00",
    });
  });

  it("updates only the given fields and deletes", async () => {
    const a = await createAccount(t.db);
    const created = (await call(t, "POST", "/api/invoices", { auth: a.auth, json: BASIC_EXAMPLE })).body.invoice;
    const res = await call(t, "PATCH", `/api/invoices/${created.id}`, {
      auth: a.auth,
      json: { status: "sent", notes: "Updated payment terms", customer: { city: "Boston" }, ignored: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message: "Invoice updated successfully",
      invoiceId: created.id,
      updates: { status: "sent", notes: "Updated payment terms", customer: { city: "Boston" } },
      invoice: { status: "sent", notes: "Updated payment terms", customer: { name: "Acme Corp", city: "Boston", zipCode: "10001" }, total: "6600.00" },
    });
    expect(res.body.updates).not.toHaveProperty("ignored");

    const items = await call(t, "PATCH", `/api/invoices/${created.id}`, { auth: a.auth, json: { items: [{ id: "x", description: "Audit", quantity: 1, rate: 99.5 }], taxRate: null } });
    expect(items.body.invoice).toMatchObject({ items: [{ description: "Audit", rate: 99.5 }], total: "99.50" });
    const nothing = await call(t, "PATCH", `/api/invoices/${created.id}`, { auth: a.auth, json: { unknown: 1 } });
    expect(nothing.status).toBe(400);
    const badMove = await call(t, "PATCH", `/api/invoices/${created.id}`, { auth: a.auth, json: { status: "draft" } });
    expect(badMove).toMatchObject({ status: 400, body: { error: "status: A sent invoice cannot go back to draft" } });

    const del = await call(t, "DELETE", `/api/invoices/${created.id}`, { auth: a.auth });
    expect(del).toMatchObject({ status: 200, body: { message: "Invoice deleted successfully", invoiceId: created.id } });
    expect((await call(t, "GET", `/api/invoices/${created.id}`, { auth: a.auth })).status).toBe(404);
  });

  it("scopes every route to the caller and requires tokens with the right permission", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const created = (await call(t, "POST", "/api/invoices", { auth: a.auth, json: BASIC_EXAMPLE })).body.invoice;
    expect((await call(t, "GET", "/api/invoices", { auth: b.auth })).body.invoices).toEqual([]);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const res = await call(t, method, `/api/invoices/${created.id}`, { auth: b.auth, json: method === "PATCH" ? { notes: "x" } : undefined });
      expect(res, method).toMatchObject({ status: 404, body: { error: "Invoice not found" } });
    }
    expect((await call(t, "GET", "/api/invoices")).status).toBe(401);
    expect((await call(t, "POST", "/api/invoices", { auth: a.readOnlyAuth, json: BASIC_EXAMPLE })).status).toBe(403);
    expect((await call(t, "DELETE", `/api/invoices/${created.id}`, { auth: a.readOnlyAuth })).status).toBe(403);
    expect((await call(t, "PATCH", "/api/invoices/", { auth: a.auth, json: {} })).body).toEqual({ error: "Invoice ID is required" });
    const wrong = await call(t, "PUT", `/api/invoices/${created.id}`, { auth: a.auth, json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, PATCH, DELETE, OPTIONS");
    const dup = await call(t, "POST", "/api/invoices", { auth: a.auth, json: BASIC_EXAMPLE });
    expect(dup).toMatchObject({ status: 409, body: { error: "Invoice number INV-001 is already used by another invoice" } });
  });
});
