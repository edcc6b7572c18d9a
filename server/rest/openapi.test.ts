/**
 * GET /api/v1/openapi.json is generated from the route table's zod schemas. This
 * walks EVERY documented operation with a real request and validates the real
 * response against the documented schema (ajv check against the published
 * document AND zod parse of the route's own response schema), plus the error shape.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvoiceListJson } from "../modules/invoices/invoices.rest.ts";
import { createAccount } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { ErrorJson } from "./schemas.ts";
import { openApiSchemaCheck } from "../test/json-schema.ts";
import { call, fakeGenerator, fakeRenderer, validRequest } from "../test/rest.ts";
import { V1_ROUTES, v1OpenApi } from "./v1.ts";

type Doc = ReturnType<typeof v1OpenApi> & { paths: Record<string, Record<string, any>> };

describe("OpenAPI 3.1 document", () => {
  const t = useTestApp({ app: { generateInvoice: fakeGenerator().fn, renderInvoicePdf: fakeRenderer().fn } });

  async function fetchDoc(): Promise<Doc> {
    const res = await call(t, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    return res.body as Doc;
  }

  it("is served publicly and documents exactly the routes the app serves", async () => {
    const doc = await fetchDoc();
    expect(doc).toEqual(JSON.parse(JSON.stringify(v1OpenApi())));
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const served = V1_ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(documented.sort()).toEqual(served.sort());
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/invoices",
      "/invoices/summary",
      "/invoices/{id}",
      "/invoices/{id}/download",
      "/invoices/{id}/duplicate",
      "/invoices/{id}/mark-paid",
      "/invoices/{id}/mark-unpaid",
      "/prompts",
      "/prompts/labels",
      "/prompts/{id}",
    ]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.security, where).toEqual([{ bearerAuth: [] }]);
        for (const status of ["401", "403", "429"]) expect(op.responses[status], `${where} ${status}`).toBeDefined();
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(op.parameters.some((p: any) => p.in === "path" && `{${p.name}}` === name), where).toBe(true);
        }
        const success = Object.keys(op.responses).filter((s) => s.startsWith("2"));
        expect(success.length, where).toBeGreaterThan(0);
        expect(op.responses[success[0]!].headers["X-RateLimit-Remaining"], where).toBeDefined();
      }
    }
  });

  it("documents parameters and bodies from the handlers' own zod schemas", async () => {
    const doc = await fetchDoc();
    const list = doc.paths["/invoices"]!.get;
    const param = (name: string) => list.parameters.find((p: any) => p.name === name);
    expect(param("page")).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1, default: 1 } });
    expect(param("per_page")).toMatchObject({ schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } });
    expect(param("status")).toMatchObject({ schema: { type: "string", enum: ["paid", "unpaid"] } });
    for (const extra of ["overdue", "search", "sort", "invoice_status", "issued_from", "issued_to"]) expect(param(extra), extra).toBeDefined();
    expect(param("overdue").schema.type).toBe("boolean");
    expect(list.responses["200"].content["application/json"].schema).toEqual(
      (({ $schema: _s, ...rest }) => rest)(z.toJSONSchema(InvoiceListJson, { target: "draft-2020-12", io: "output" }) as any),
    );

    const create = doc.paths["/invoices"]!.post;
    const variants = create.requestBody.content["application/json"].schema.oneOf;
    expect(variants).toHaveLength(2);
    expect(variants[0].required).toEqual(["llm_provider"]);
    expect(variants[0].properties.llm_provider.enum).toContain("gemini-25-flash");
    expect(variants[1].required).toEqual(["invoice"]);
    expect(variants[1].properties.invoice.properties.items.items.properties).toHaveProperty("unit_price");
    expect(variants[1].properties.invoice.properties.items.minItems).toBe(1);
    expect(create.responses["501"]).toBeDefined();
    expect(create.parameters.some((p: any) => p.name === "Idempotency-Key" && p.in === "header")).toBe(true);
    expect(doc.paths["/invoices/{id}/download"]!.get.responses["200"].content).toHaveProperty("application/pdf");
    expect(doc.paths["/prompts/{id}"]!.put.requestBody.content["application/json"].schema.properties).toHaveProperty("prompt_text");
  });

  it("the schema check rejects what the schema forbids", async () => {
    const doc = await fetchDoc();
    const check = openApiSchemaCheck(doc);
    const schema = doc.paths["/prompts/{id}"]!.get.responses["200"].content["application/json"].schema;
    const good = { prompt: { id: "p", user_id: "u", prompt_text: "t", labels: [], created_at: "2025-01-15T10:30:00.000Z", updated_at: "2025-01-15T10:30:00.000Z" } };
    expect(check(schema, good)).toEqual([]);
    expect(check(schema, { prompt: { ...good.prompt, extra: 1 } })).toEqual(["$.prompt: unexpected property extra"]);
    expect(check(schema, { prompt: { ...good.prompt, labels: [{ name: 1, color: "#fff" }] } })[0]).toMatch(/labels\.0\.name: must be string/);
    expect(check(schema, { prompt: { ...good.prompt, created_at: "yesterday" } })).toContain('$.prompt.created_at: must match format "date-time"');
    const { user_id: _u, ...missing } = good.prompt;
    expect(check(schema, { prompt: missing })).toEqual(["$.prompt: missing required property user_id"]);
    // A reference into the document's components is followed: the error shape requires "error".
    const unauthorized = doc.paths["/prompts/{id}"]!.get.responses["401"].content["application/json"].schema;
    expect(unauthorized.$ref).toMatch(/^#\/components\//);
    expect(check(unauthorized, { error: "Missing API token" })).toEqual([]);
    expect(check(unauthorized, { message: "Missing API token" })).toContain("$: missing required property error");
  });

  it("every operation's real response matches its documented schema, and so do its errors", async () => {
    const doc = await fetchDoc();
    const check = openApiSchemaCheck(doc);
    const a = await createAccount(t.db);
    for (const route of V1_ROUTES) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, "{$1}")]![route.method];
      const req = await validRequest(t, a, route.operationId);
      const where = `${route.method.toUpperCase()} ${route.path}`;

      if (req.json !== undefined) {
        const bodySchema = op.requestBody.content["application/json"].schema;
        expect(check(bodySchema, req.json), `${where} request body`).toEqual([]);
      }

      const res = await call(t, req.method, req.path, { auth: a.auth, json: req.json });
      expect(res.status, `${where}: ${res.text.slice(0, 300)}`).toBe(req.status);
      const documented = op.responses[String(res.status)];
      expect(documented, `${where} documents ${res.status}`).toBeDefined();
      const [contentType, media] = Object.entries(documented.content)[0] as [string, { schema: any }];
      expect(res.headers.get("content-type"), where).toContain(contentType);
      if (contentType === "application/json") {
        expect(check(media.schema, res.body), where).toEqual([]);
        const zodSchema = route.responses[res.status]!.schema!;
        expect(zodSchema.safeParse(res.body).error?.issues ?? [], where).toEqual([]);
      } else {
        expect(res.text.startsWith("%PDF-"), where).toBe(true);
      }
      for (const header of Object.keys(documented.headers)) expect(res.headers.get(header), `${where} ${header}`).not.toBeNull();

      const unauthenticated = await call(t, req.method, req.path, { json: req.json });
      expect(unauthenticated.status).toBe(401);
      expect(check(op.responses["401"].content["application/json"].schema, unauthenticated.body), where).toEqual([]);
      expect(ErrorJson.safeParse(unauthenticated.body).success).toBe(true);
    }
  });

  it("validation errors match the documented 400 schema", async () => {
    const doc = await fetchDoc();
    const check = openApiSchemaCheck(doc);
    const a = await createAccount(t.db);
    const res = await call(t, "GET", "/api/v1/invoices?per_page=101", { auth: a.auth });
    expect(res.status).toBe(400);
    expect(check(doc.paths["/invoices"]!.get.responses["400"].content["application/json"].schema, res.body)).toEqual([]);
    expect(res.body.issues).toEqual([{ path: ["per_page"], message: "must be at most 100" }]);
  });
});
