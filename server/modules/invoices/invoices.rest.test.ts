import { describe, expect, it } from "vitest";
import { LlmError } from "../generation/generation.port.ts";
import { call, fakeGenerator, fakeRenderer, FAKE_PDF } from "../../test/rest.ts";
import { createAccount, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createPrompt } from "../prompts/prompts.service.ts";
import { InvoiceEnvelope, InvoiceListJson, InvoicePreviewEnvelope, pdfContentDisposition } from "./invoices.rest.ts";
import { createInvoice } from "./invoices.service.ts";

const generator = fakeGenerator();
const renderer = fakeRenderer();
const NOW = new Date("2025-03-01T12:00:00Z");

const structured = {
  invoice: {
    title: "Consulting - January 2025",
    issued_at: "2025-01-15",
    due_at: "2025-02-15",
    currency: "USD",
    customer: { name: "Acme Corp", email: "Billing@Acme.example", zip: "10001", logo_url: "https://acme.example/logo.png" },
    items: [{ description: "Consulting", quantity: 10, unit: "hour", unit_price: "150.00", tax_percent: null }],
    discounts: [{ kind: "percent", value: "10", description: "Loyalty" }],
    taxes: [{ name: "Tax", rate: 10 }],
    payment_details: [{ label: "Bank", value: "Chase 1234567890" }],
    notes: "Thanks",
  },
};

describe("REST v1 invoices", () => {
  const t = useTestApp({ now: () => NOW, app: { generateInvoice: generator.fn, renderInvoicePdf: renderer.fn } });

  it("creates an invoice from structured snake_case fields: 201 with exact decimal strings", async () => {
    const a = await createAccount(t.db);
    const res = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: structured });
    expect(res.status).toBe(201);
    const invoice = InvoiceEnvelope.parse(res.body).invoice;
    expect(invoice).toMatchObject({
      number: "INV-0001",
      title: "Consulting - January 2025",
      status: "draft",
      issued_at: "2025-01-15",
      due_at: "2025-02-15",
      paid_at: null,
      is_overdue: true,
      currency: "USD",
      customer: { name: "Acme Corp", email: "billing@acme.example", zip: "10001", logo_url: "https://acme.example/logo.png" },
      items: [{ description: "Consulting", quantity: "10", unit: "hour", unit_price: "150.00", amount: "1500.00", tax_percent: null }],
      discounts: [{ kind: "percent", value: "10", description: "Loyalty", amount: "150.00" }],
      taxes: [{ name: "Tax", rate: "10" }],
      subtotal: "1500.00",
      discount_total: "150.00",
      tax_total: "135.00",
      total: "1485.00",
      total_minor: "148500",
      tax_lines: [{ name: "Tax", rate: "10", base: "1350.00", amount: "135.00" }],
      payment_details: [{ label: "Bank", value: "Chase 1234567890" }],
      notes: "Thanks",
      prompt_text: null,
      llm_provider: null,
    });
    expect(invoice.created_at).toMatch(/Z$/);
    expect(invoice.to_details).toEqual(expect.arrayContaining([{ label: "Name", value: "Acme Corp" }]));
  });

  it("reports validation failures with the caller's snake_case paths, writing nothing", async () => {
    const a = await createAccount(t.db);
    const bad = await call(t, "POST", "/api/v1/invoices", {
      auth: a.auth,
      json: { invoice: { items: [{ description: "x", quantity: "1", unit_price: "abc" }], issued_at: "2025-02-30" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("invoice.items[0].unit_price");
    expect(bad.body.error).toContain("invoice.issued_at");
    const money = await call(t, "POST", "/api/v1/invoices", {
      auth: a.auth,
      json: { invoice: { currency: "JPY", items: [{ description: "x", quantity: "1", unit_price: "0.123456" }] } },
    });
    expect(money.status).toBe(400);
    expect(money.body.issues[0].path).toEqual(["invoice", "items", 0, "unit_price"]);
    const dates = await call(t, "POST", "/api/v1/invoices", {
      auth: a.auth,
      json: { invoice: { issued_at: "2025-02-01", due_at: "2025-01-01", items: [{ description: "x", quantity: "1", unit_price: "1" }] } },
    });
    expect(dates.status).toBe(400);
    expect(dates.body.error).toMatch(/^invoice\.due_at: must not be before/);
    const noItems = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { invoice: {} } });
    expect(noItems.body).toMatchObject({ error: "invoice.items: is required" });
    const both = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { ...structured, prompt: "x", llm_provider: "offline" } });
    expect(both.status).toBe(400);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("answers 409 for a duplicate invoice number", async () => {
    const a = await createAccount(t.db);
    const body = { invoice: { number: "A-1", items: [{ description: "x", quantity: "1", unit_price: "1" }] } };
    expect((await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: body })).status).toBe(201);
    const dup = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: body });
    expect(dup).toMatchObject({ status: 409, body: { error: "Invoice number A-1 is already used by another invoice" } });
  });

  describe("GET /invoices", () => {
    it("pages with defaults, filters by payment status, and names bad parameters", async () => {
      const a = await createAccount(t.db);
      const ctx = { db: t.db, userId: a.user.id, now: () => NOW };
      for (let i = 1; i <= 5; i++) {
        await createInvoice(ctx, invoiceInput({ title: `Job ${i}`, issuedAt: `2025-01-0${i}`, dueAt: i <= 2 ? "2025-01-20" : "2025-12-31" }));
      }
      const paid = await createInvoice(ctx, invoiceInput({ title: "Paid one", status: "paid", paidAt: "2025-02-01", issuedAt: "2025-01-10" }));

      const all = await call(t, "GET", "/api/v1/invoices", { auth: a.readOnlyAuth });
      expect(all.status).toBe(200);
      const list = InvoiceListJson.parse(all.body);
      expect(list.pagination).toEqual({ total: 6, page: 1, per_page: 20, total_pages: 1 });
      expect(list.invoices[0]!.title).toBe("Paid one");

      const page2 = await call(t, "GET", "/api/v1/invoices?page=2&per_page=4&sort=issued_at", { auth: a.auth });
      expect(page2.body.pagination).toEqual({ total: 6, page: 2, per_page: 4, total_pages: 2 });
      expect(page2.body.invoices.map((i: any) => i.title)).toEqual(["Job 5", "Paid one"]);

      const onlyPaid = await call(t, "GET", "/api/v1/invoices?status=paid", { auth: a.auth });
      expect(onlyPaid.body.invoices.map((i: any) => i.id)).toEqual([paid.id]);
      expect(onlyPaid.body.invoices[0].paid_at).toBe("2025-02-01");
      const unpaid = await call(t, "GET", "/api/v1/invoices?status=unpaid", { auth: a.auth });
      expect(unpaid.body.pagination.total).toBe(5);
      expect(unpaid.body.invoices.every((i: any) => i.paid_at === null)).toBe(true);

      const overdue = await call(t, "GET", "/api/v1/invoices?overdue=true&sort=-issued_at", { auth: a.auth });
      expect(overdue.body.invoices.map((i: any) => i.title)).toEqual(["Job 2", "Job 1"]);
      expect(overdue.body.invoices.every((i: any) => i.is_overdue)).toBe(true);
      const search = await call(t, "GET", "/api/v1/invoices?search=JOB%203", { auth: a.auth });
      expect(search.body.invoices.map((i: any) => i.title)).toEqual(["Job 3"]);
      const lifecycle = await call(t, "GET", "/api/v1/invoices?invoice_status=draft,sent&issued_from=2025-01-02&issued_to=2025-01-03", { auth: a.auth });
      expect(lifecycle.body.pagination.total).toBe(2);
      const empty = await call(t, "GET", "/api/v1/invoices?page=9", { auth: a.auth });
      expect(empty.body).toEqual({ invoices: [], pagination: { total: 6, page: 9, per_page: 20, total_pages: 1 } });

      for (const [query, param] of [
        ["page=0", "page"],
        ["page=-1", "page"],
        ["page=1.5", "page"],
        ["per_page=101", "per_page"],
        ["per_page=0", "per_page"],
        ["per_page=abc", "per_page"],
        ["per_page=", "per_page"],
        ["status=foo", "status"],
        ["overdue=yes", "overdue"],
        ["sort=price", "sort"],
        ["invoice_status=draft,lost", "invoice_status"],
        ["issued_from=2025-13-01", "issued_from"],
      ] as const) {
        const res = await call(t, "GET", `/api/v1/invoices?${query}`, { auth: a.auth });
        expect(res.status, query).toBe(400);
        expect(res.body.error, query).toMatch(new RegExp(`^Invalid query parameter ${param}\\b`));
      }
      const tooMany = await call(t, "GET", "/api/v1/invoices?per_page=101", { auth: a.auth });
      expect(tooMany.body.error).toBe("Invalid query parameter per_page: must be at most 100");
      const statusFoo = await call(t, "GET", "/api/v1/invoices?status=foo", { auth: a.auth });
      expect(statusFoo.body.error).toBe("Invalid query parameter status: must be paid or unpaid");
    });
  });

  it("gets, patches (snake_case, partial), marks paid/unpaid and deletes", async () => {
    const a = await createAccount(t.db);
    const created = (await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: structured })).body.invoice;
    const got = await call(t, "GET", `/api/v1/invoices/${created.id}`, { auth: a.readOnlyAuth });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ invoice: created });

    const patched = await call(t, "PATCH", `/api/v1/invoices/${created.id}`, {
      auth: a.auth,
      json: { title: "Renamed", due_at: "2025-04-01", customer: { city: "New York" }, items: [{ description: "Design", quantity: "2", unit_price: "500" }], discounts: [] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.invoice).toMatchObject({
      title: "Renamed",
      due_at: "2025-04-01",
      customer: { name: "Acme Corp", city: "New York" },
      items: [{ description: "Design", amount: "1000.00" }],
      total: "1100.00",
      is_overdue: false,
      notes: "Thanks",
    });
    const emptyPatch = await call(t, "PATCH", `/api/v1/invoices/${created.id}`, { auth: a.auth, json: {} });
    expect(emptyPatch).toMatchObject({ status: 400, body: { error: "Provide at least one field to update" } });
    const badPatch = await call(t, "PATCH", `/api/v1/invoices/${created.id}`, { auth: a.auth, json: { due_at: "2024-01-01" } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error).toMatch(/^due_at: /);
    const badTransition = await call(t, "PATCH", `/api/v1/invoices/${created.id}`, { auth: a.auth, json: { status: "sent" } });
    expect(badTransition.body.invoice.status).toBe("sent");
    const backToDraft = await call(t, "PATCH", `/api/v1/invoices/${created.id}`, { auth: a.auth, json: { status: "draft" } });
    expect(backToDraft).toMatchObject({ status: 400, body: { error: "status: A sent invoice cannot go back to draft" } });

    const paid = await call(t, "POST", `/api/v1/invoices/${created.id}/mark-paid`, { auth: a.auth });
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({ status: "paid", paid_at: "2025-03-01" });
    const paidOn = await call(t, "POST", `/api/v1/invoices/${created.id}/mark-paid`, { auth: a.auth, json: { paid_at: "2025-02-20" } });
    expect(paidOn.body.invoice.paid_at).toBe("2025-02-20");
    const badDate = await call(t, "POST", `/api/v1/invoices/${created.id}/mark-paid`, { auth: a.auth, json: { paid_at: "yesterday" } });
    expect(badDate).toMatchObject({ status: 400, body: { error: "paid_at: must be a date in YYYY-MM-DD format" } });
    const unpaid = await call(t, "POST", `/api/v1/invoices/${created.id}/mark-unpaid`, { auth: a.auth });
    expect(unpaid.body.invoice).toMatchObject({ status: "sent", paid_at: null });

    const del = await call(t, "DELETE", `/api/v1/invoices/${created.id}`, { auth: a.auth });
    expect(del).toMatchObject({ status: 200, body: { deleted: true } });
    const again = await call(t, "DELETE", `/api/v1/invoices/${created.id}`, { auth: a.auth });
    expect(again).toMatchObject({ status: 404, body: { error: "Invoice not found" } });
    expect((await call(t, "GET", `/api/v1/invoices/${created.id}`, { auth: a.auth })).status).toBe(404);
  });

  it("answers 404 for another account's invoice on every invoice route, changing nothing", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    for (const [method, suffix, json] of [
      ["GET", "", undefined],
      ["PATCH", "", { title: "stolen" }],
      ["DELETE", "", undefined],
      ["GET", "/download", undefined],
      ["POST", "/mark-paid", undefined],
      ["POST", "/mark-unpaid", undefined],
    ] as const) {
      const res = await call(t, method, `/api/v1/invoices/${inv.id}${suffix}`, { auth: b.auth, json });
      expect(res, `${method} ${suffix}`).toMatchObject({ status: 404, body: { error: "Invoice not found" } });
    }
    expect((await call(t, "GET", `/api/v1/invoices/nope`, { auth: a.auth })).status).toBe(404);
    expect(await t.db.invoice.findUniqueOrThrow({ where: { id: inv.id } })).toMatchObject({ title: "Consulting", paidAt: null });
  });

  describe("POST /invoices with a prompt (AI generation)", () => {
    it("validates prompt, llm_provider (listing the supported values) and llm_api_key", async () => {
      const a = await createAccount(t.db);
      const post = (json: unknown) => call(t, "POST", "/api/v1/invoices", { auth: a.auth, json });
      const empty = await post({});
      expect(empty.status).toBe(400);
      expect(empty.body.error).toContain("prompt: is required");
      expect(empty.body.error).toContain("llm_provider: is required; supported values: gemini-25-flash, gemini-25-flash-lite, gemini-25-pro");
      const badProvider = await post({ prompt: "x", llm_provider: "claude", llm_api_key: "k" });
      expect(badProvider.body.error).toBe(
        "llm_provider: must be one of: gemini-25-flash, gemini-25-flash-lite, gemini-25-pro, gemini-20-flash, gemini-20-flash-lite, gpt-4o, gpt-4o-mini, gpt-4-turbo, gpt-41, gpt-41-mini, openai-compatible, offline",
      );
      const noKey = await post({ prompt: "x", llm_provider: "gpt-4o" });
      expect(noKey).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^llm_api_key: is required for this llm_provider/) } });
      const blankPrompt = await post({ prompt: "   ", llm_provider: "offline" });
      expect(blankPrompt.body.error).toBe("prompt: is required");
      const badUrl = await post({ prompt: "x", llm_provider: "openai-compatible", llm_base_url: "ftp://x" });
      expect(badUrl.body.error).toBe("llm_base_url: must be an http(s) URL");
      expect(generator.calls.length).toBe(0);
    });

    it("calls the injected generator, stores the invoice and never echoes or logs the API key", async () => {
      const a = await createAccount(t.db);
      const secret = "sk-test-SECRET-4242424242";
      const res = await call(t, "POST", "/api/v1/invoices", {
        auth: a.auth,
        json: {
          prompt: "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp. Add 10% tax.",
          llm_provider: "gemini-25-flash",
          llm_api_key: secret,
        },
      });
      expect(res.status).toBe(201);
      expect(InvoiceEnvelope.parse(res.body).invoice).toMatchObject({
        total: "1650.00",
        llm_provider: "gemini-25-flash",
        prompt_text: expect.stringContaining("10 hours of consulting"),
      });
      expect(generator.calls.at(-1)).toMatchObject({ provider: "gemini-25-flash", apiKey: secret, preview: false });
      expect(res.text).not.toContain(secret);
      expect(t.logs.text()).not.toContain(secret);
      expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);

      const offline = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { prompt: "2 hours of design at $80", llm_provider: "offline" } });
      expect(offline.status).toBe(201);
      expect(generator.calls.at(-1)).toMatchObject({ provider: "offline", apiKey: undefined });
    });

    it("previews without storing (?preview=true → 200) and generates from a saved prompt", async () => {
      const a = await createAccount(t.db);
      const res = await call(t, "POST", "/api/v1/invoices?preview=true", {
        auth: a.auth,
        json: { prompt: "3 hours of support at $100/hour for Beta LLC", llm_provider: "offline" },
      });
      expect(res.status).toBe(200);
      const body = InvoicePreviewEnvelope.parse(res.body);
      expect(body.invoice).toMatchObject({ id: null, total: "300.00", prompt_text: expect.stringContaining("support"), llm_provider: "offline" });
      expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);
      const structuredPreview = await call(t, "POST", "/api/v1/invoices?preview=true", { auth: a.auth, json: structured });
      expect(structuredPreview.status).toBe(400);
      const badPreview = await call(t, "POST", "/api/v1/invoices?preview=maybe", { auth: a.auth, json: { prompt: "x", llm_provider: "offline" } });
      expect(badPreview.body.error).toBe("Invalid query parameter preview: must be true or false");

      const saved = await createPrompt({ db: t.db, userId: a.user.id }, { text: "1 hours of audit at $999 for Gamma" });
      const fromSaved = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { prompt_id: saved.id, llm_provider: "offline" } });
      expect(fromSaved.status).toBe(201);
      expect(fromSaved.body.invoice).toMatchObject({ prompt_id: saved.id, prompt_text: saved.text, total: "999.00" });
      const b = await createAccount(t.db);
      const foreign = await call(t, "POST", "/api/v1/invoices", { auth: b.auth, json: { prompt_id: saved.id, llm_provider: "offline" } });
      expect(foreign).toMatchObject({ status: 404, body: { error: "Prompt not found" } });
    });
  });

  it("answers 501 when no generator or renderer is configured (after validating the request)", async () => {
    const { createTestApp } = await import("../../test/harness.ts");
    const bare = await createTestApp();
    try {
      const a = await createAccount(bare.db);
      const invalid = await call(bare, "POST", "/api/v1/invoices", { auth: a.auth, json: { prompt: "x" } });
      expect(invalid.status).toBe(400);
      const res = await call(bare, "POST", "/api/v1/invoices", { auth: a.auth, json: { prompt: "x", llm_provider: "offline" } });
      expect(res).toMatchObject({ status: 501, body: { error: "AI generation is not configured" } });
      const inv = await createInvoice({ db: bare.db, userId: a.user.id }, invoiceInput());
      const pdf = await call(bare, "GET", `/api/v1/invoices/${inv.id}/download`, { auth: a.auth });
      expect(pdf).toMatchObject({ status: 501, body: { error: "PDF rendering is not configured" } });
    } finally {
      await bare.database.destroy();
    }
  });

  it("maps generator failures and redacts the API key from them", async () => {
    const { createTestApp } = await import("../../test/harness.ts");
    const secret = "sk-LEAKY-123456";
    const failing = await createTestApp({
      app: { generateInvoice: fakeGenerator({ fail: new LlmError("LLM_KEY_REJECTED", `Provider rejected key ${secret}`, 502) }).fn },
    });
    const crashing = await createTestApp({
      app: { generateInvoice: fakeGenerator({ fail: new Error(`socket hang up (key=${secret})`) }).fn },
    });
    try {
      for (const [app, status] of [
        [failing, 502],
        [crashing, 500],
      ] as const) {
        const a = await createAccount(app.db);
        const res = await call(app, "POST", "/api/v1/invoices", { auth: a.auth, json: { prompt: "x", llm_provider: "gpt-4o", llm_api_key: secret } });
        expect(res.status).toBe(status);
        expect(res.text).not.toContain(secret);
        expect(app.logs.text()).not.toContain(secret);
      }
    } finally {
      await failing.database.destroy();
      await crashing.database.destroy();
    }
  });

  it("downloads the PDF from the injected renderer with a safe file name", async () => {
    const a = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const res = await t.request(`/api/v1/invoices/${inv.id}/download`, { headers: a.readOnlyAuth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="INV-0001.pdf"');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(FAKE_PDF);
    expect(renderer.calls.at(-1)?.id).toBe(inv.id);

    expect(pdfContentDisposition('a/b\\c"d')).toBe('attachment; filename="a_b_c_d.pdf"');
    expect(pdfContentDisposition("..hidden")).toBe('attachment; filename="hidden.pdf"');
    expect(pdfContentDisposition("Rechnung Nr. Ü-7")).toBe(
      "attachment; filename=\"Rechnung_Nr._U-7.pdf\"; filename*=UTF-8''Rechnung_Nr._%C3%9C-7.pdf",
    );
    expect(pdfContentDisposition("請求書-1")).toBe("attachment; filename=\"_-1.pdf\"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8-1.pdf");
    const unicode = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput({ number: "Ü-1" }));
    const res2 = await t.request(`/api/v1/invoices/${unicode.id}/download`, { headers: a.auth });
    expect(res2.headers.get("content-disposition")).toBe("attachment; filename=\"U-1.pdf\"; filename*=UTF-8''%C3%9C-1.pdf");
  });
});
