/**
 * Idempotent creates at the service level: createInvoice / createPrompt with a
 * request key (the Idempotency-Key row id, server/http/idempotency.ts) store it on
 * the new row in the same transaction, unique per account; a re-run of the same
 * request — after a crash lost its answer — returns what the first run committed
 * instead of creating a second row, also when the runs overlap.
 */
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../errors.ts";
import { createAccount, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createPrompt } from "../prompts/prompts.service.ts";
import { createInvoice, findInvoiceByRequestKey } from "./invoices.service.ts";

describe("createInvoice / createPrompt with a request key", () => {
  const t = useTestApp();

  it("a second create with the same key returns the first invoice; other keys and no key create", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const first = await createInvoice(ctx, invoiceInput({ title: "Keyed" }), {}, { requestKey: "req-1" });
    expect(first.requestKey).toBe("req-1");
    const again = await createInvoice(ctx, invoiceInput({ title: "Keyed" }), {}, { requestKey: "req-1" });
    expect(again).toEqual(first);
    expect(await findInvoiceByRequestKey(ctx, "req-1")).toEqual(first);

    const other = await createInvoice(ctx, invoiceInput({ title: "Keyed" }), {}, { requestKey: "req-2" });
    const plain1 = await createInvoice(ctx, invoiceInput({ title: "Keyed" }));
    const plain2 = await createInvoice(ctx, invoiceInput({ title: "Keyed" }), {}, { requestKey: null });
    expect(new Set([first.id, other.id, plain1.id, plain2.id]).size).toBe(4);
    expect([plain1.requestKey, plain2.requestKey]).toEqual([null, null]);
    expect((await t.db.invoice.findMany({ where: { userId: a.user.id }, orderBy: { number: "asc" } })).map((i) => i.number)).toEqual([
      "INV-0001",
      "INV-0002",
      "INV-0003",
      "INV-0004",
    ]);
  });

  it("a re-run with an explicit number returns the invoice instead of a duplicate-number conflict", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const first = await createInvoice(ctx, invoiceInput({ number: "X-1" }), {}, { requestKey: "num" });
    expect((await createInvoice(ctx, invoiceInput({ number: "X-1" }), {}, { requestKey: "num" })).id).toBe(first.id);
    // Without the key it is the conflict it always was.
    await expect(createInvoice(ctx, invoiceInput({ number: "X-1" }))).rejects.toBeInstanceOf(ConflictError);
  });

  it("keys are per account: another account's key does not return its invoice", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const mine = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput(), {}, { requestKey: "shared" });
    const theirs = await createInvoice({ db: t.db, userId: b.user.id }, invoiceInput(), {}, { requestKey: "shared" });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.userId).toBe(b.user.id);
  });

  it("overlapping runs of one request create exactly one invoice (and one number)", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const runs = await Promise.all(Array.from({ length: 5 }, () => createInvoice(ctx, invoiceInput(), {}, { requestKey: "race" })));
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);
    // The failed inserts rolled their number back: the next invoice is INV-0002.
    expect((await createInvoice(ctx, invoiceInput())).number).toBe("INV-0002");
  });

  it("prompts: the same key returns the first prompt, also when runs overlap", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const input = { text: "Monthly retainer", labels: [{ name: "Retainer", color: "#123456" }] };
    const first = await createPrompt(ctx, input, { requestKey: "p-1" });
    expect(await createPrompt(ctx, input, { requestKey: "p-1" })).toEqual(first);
    const overlapping = await Promise.all(Array.from({ length: 4 }, () => createPrompt(ctx, input, { requestKey: "p-2" })));
    expect(new Set(overlapping.map((p) => p.id)).size).toBe(1);
    expect(overlapping[0]!.id).not.toBe(first.id);
    await createPrompt(ctx, input);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(3);
  });
});
