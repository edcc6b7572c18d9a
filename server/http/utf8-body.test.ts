/**
 * JSON must be UTF-8: a body with invalid bytes is a 400 on every API and changes
 * nothing, instead of being stored with U+FFFD in place of what the client meant.
 */
import { describe, expect, it } from "vitest";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createAccount, graphql } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { INVALID_UTF8_MESSAGE } from "./utf8-body.ts";

/** `json` serialized as UTF-8, with `bad` bytes spliced in where `marker` was. */
function withBadBytes(json: unknown, marker: string, bad: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const at = Buffer.from(bytes).indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not in body`);
  return new Uint8Array([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at + marker.length)]);
}

// A lone continuation byte, an overlong NUL, a UTF-16 surrogate encoded as UTF-8, a cut-off sequence.
const BAD_SEQUENCES = [[0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff]];
const WIDE_TEXT = "Beratung für Müller & Søn — 日本語 🎉";

describe("request bodies must be UTF-8", () => {
  const t = useTestApp();
  const json = (auth: Record<string, string>, extra: Record<string, string> = {}) => ({ ...auth, "content-type": "application/json", ...extra });
  const body = async (res: Response) => JSON.parse(await res.text());

  it("REST: refuses invalid bytes with 400 and stores nothing; multi-byte text round-trips exactly", async () => {
    const a = await createAccount(t.db);
    for (const bad of BAD_SEQUENCES) {
      const res = await t.request("/api/v1/prompts", { method: "POST", headers: json(a.auth), body: withBadBytes({ prompt_text: "Hours for XX" }, "XX", bad) });
      expect(res.status, String(bad)).toBe(400);
      expect(await body(res)).toEqual({ error: INVALID_UTF8_MESSAGE });
    }
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);

    const ok = await t.request("/api/v1/prompts", { method: "POST", headers: json(a.auth), body: JSON.stringify({ prompt_text: WIDE_TEXT }) });
    expect(ok.status).toBe(201);
    expect((await body(ok)).prompt.prompt_text).toBe(WIDE_TEXT);
    expect((await t.db.prompt.findFirstOrThrow({ where: { userId: a.user.id } })).text).toBe(WIDE_TEXT);
  });

  it("REST: an update with invalid bytes leaves the invoice as it was, on both APIs", async () => {
    const a = await createAccount(t.db);
    const invoice = await createInvoice({ db: t.db, userId: a.user.id }, { title: "Consulting", customer: { name: "Acme Corp" }, items: [{ description: "Work", quantity: "1", unitPrice: "10" }] });
    for (const path of [`/api/v1/invoices/${invoice.id}`, `/api/invoices/${invoice.id}`]) {
      const res = await t.request(path, { method: "PATCH", headers: json(a.auth), body: withBadBytes({ notes: "Paid by XX" }, "XX", [0xc3, 0x28]) });
      expect(res.status, path).toBe(400);
      expect(await body(res), path).toEqual({ error: INVALID_UTF8_MESSAGE });
    }
    const basic = await t.request("/api/invoices", { method: "POST", headers: json(a.auth), body: withBadBytes({ customer: { name: "XX" } }, "XX", [0xff]) });
    expect(basic.status).toBe(400);
    const stored = await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    expect(stored.notes).toBeNull();
    expect(stored.updatedAt).toEqual(invoice.updatedAt);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);
  });

  it("REST: authentication answers first, and a refused body does not use up its Idempotency-Key", async () => {
    const a = await createAccount(t.db);
    const bad = withBadBytes({ prompt_text: "XX" }, "XX", [0xff]);
    const anonymous = await t.request("/api/v1/prompts", { method: "POST", headers: { "content-type": "application/json" }, body: bad });
    expect(anonymous.status).toBe(401);

    const key = { "idempotency-key": "utf8-retry-1" };
    const refused = await t.request("/api/v1/prompts", { method: "POST", headers: json(a.auth, key), body: bad });
    expect(refused.status).toBe(400);
    const retried = await t.request("/api/v1/prompts", { method: "POST", headers: json(a.auth, key), body: JSON.stringify({ prompt_text: "Fixed" }) });
    expect(retried.status).toBe(201);
    expect((await body(retried)).prompt.prompt_text).toBe("Fixed");
  });

  it("GraphQL: refuses invalid bytes in variables and documents with 400, for signed-in and anonymous callers", async () => {
    const a = await createAccount(t.db);
    const create = `mutation($text: String!) { createPrompt(input: { text: $text }) { __typename ... on CreatePromptSuccess { prompt { text } } } }`;
    const headers = { ...a.auth, "content-type": "application/json", accept: "application/graphql-response+json" };
    for (const bad of BAD_SEQUENCES) {
      const res = await t.request("/graphql", { method: "POST", headers, body: withBadBytes({ query: create, variables: { text: "Hours XX" } }, "XX", bad) });
      expect(res.status, String(bad)).toBe(400);
      expect((await body(res)).errors).toEqual([{ message: INVALID_UTF8_MESSAGE }]);
    }
    const inDocument = await t.request("/graphql", { method: "POST", headers, body: withBadBytes({ query: `{ viewer { email } } # XX` }, "XX", [0xfe]) });
    expect(inDocument.status).toBe(400);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);

    const signUp = `mutation($input: SignUpInput!) { signUp(input: $input) { __typename } }`;
    const users = await t.db.user.count();
    const anonymous = await t.request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: withBadBytes({ query: signUp, variables: { input: { email: "new@example.com", password: "correct horse battery", displayName: "XX" } } }, "XX", [0xc3, 0x28]),
    });
    expect(anonymous.status).toBe(400);
    expect(await t.db.user.count()).toBe(users);

    const ok = await graphql(t, create, { text: WIDE_TEXT }, a.auth);
    expect(ok.body.data?.createPrompt).toEqual({ __typename: "CreatePromptSuccess", prompt: { text: WIDE_TEXT } });
  });
});
