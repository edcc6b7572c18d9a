import { describe, expect, it } from "vitest";
import { InvoiceExtraction, normalizeExtraction } from "../extraction.ts";
import { CASES, type Case, type DateExpect, HOLDOUT, HOLDOUT_2 } from "./accuracy-cases.ts";
import { extractOffline } from "./offline-extractor.ts";

const TODAY = "2026-01-15";

interface Miss {
  prompt: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

function score(c: Case, x: InvoiceExtraction, misses: Miss[]): { total: number; correct: number } {
  let total = 0;
  let correct = 0;
  const check = (field: string, expected: unknown, actual: unknown, ok = Object.is(expected, actual)) => {
    total++;
    if (ok) correct++;
    else misses.push({ prompt: c.prompt, field, expected, actual });
  };
  if (c.currency !== undefined) check("currency", c.currency, x.currency);
  if (c.items !== undefined) {
    check("items.length", c.items.length, x.items.length);
    c.items.forEach((e, i) => {
      const a = x.items[i];
      if (e.description !== undefined) {
        check(`items[${i}].description`, e.description, a?.description, a?.description.toLowerCase().includes(e.description) ?? false);
      }
      if (e.quantity !== undefined) check(`items[${i}].quantity`, e.quantity, a?.quantity);
      if (e.unitPrice !== undefined) check(`items[${i}].unitPrice`, e.unitPrice, a?.unitPrice);
      if (e.unit !== undefined) check(`items[${i}].unit`, e.unit, a?.unit);
    });
  }
  if (c.discounts !== undefined) {
    check("discounts.length", c.discounts.length, x.discounts.length);
    c.discounts.forEach((e, i) => {
      const a = x.discounts[i];
      check(`discounts[${i}]`, `${e.kind} ${e.value}`, a ? `${a.kind} ${a.value}` : undefined);
    });
  }
  if (c.taxes !== undefined) {
    check("taxes.length", c.taxes.length, x.taxes.length);
    c.taxes.forEach((e, i) => {
      const a = x.taxes[i];
      check(`taxes[${i}].rate`, e.rate, a?.rate);
      if (e.name !== undefined) check(`taxes[${i}].name`, e.name, a?.name);
    });
  }
  const dateOk = (e: DateExpect, a: InvoiceExtraction["dueDate"]) =>
    e.kind === a.kind &&
    (e.kind === "relative" ? a.days === e.days : e.kind === "absolute" ? a.date === e.date : true);
  if (c.due !== undefined) check("dueDate", c.due, x.dueDate, dateOk(c.due, x.dueDate));
  if (c.issue !== undefined) check("issueDate", c.issue, x.issueDate, dateOk(c.issue, x.issueDate));
  if (c.toName !== undefined) check("to.name", c.toName, x.to.name);
  if (c.toEmail !== undefined) check("to.email", c.toEmail, x.to.email);
  if (c.fromName !== undefined) check("from.name", c.fromName, x.from.name);
  if (c.fromCompany !== undefined) check("from.company", c.fromCompany, x.from.company);
  if (c.fromEmail !== undefined) check("from.email", c.fromEmail, x.from.email);
  for (const value of c.payment ?? []) {
    check(`payment "${value}"`, value, x.paymentDetails.map((p) => p.value), x.paymentDetails.some((p) => p.value === value));
  }
  if (c.notes !== undefined) check("notes", c.notes, x.notes, x.notes?.includes(c.notes) ?? false);
  return { total, correct };
}

describe("extractOffline — accuracy over varied prompts", () => {
  it("has a table of at least 40 prompts", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it("reads at least 90% of the expected fields", () => {
    const misses: Miss[] = [];
    const tally = (cases: Case[]) => {
      let total = 0;
      let correct = 0;
      for (const c of cases) {
        const s = score(c, extractOffline(c.prompt, { today: TODAY }), misses);
        total += s.total;
        correct += s.correct;
      }
      return { total, correct };
    };
    const main = tally(CASES);
    const holdout = tally(HOLDOUT);
    const holdout2 = tally(HOLDOUT_2);
    const total = main.total + holdout.total + holdout2.total;
    const correct = main.correct + holdout.correct + holdout2.correct;
    const accuracy = correct / total;
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
    const report = [
      `offline extractor: ${correct}/${total} fields correct over ${CASES.length + HOLDOUT.length + HOLDOUT_2.length} prompts = ${pct(correct, total)}` +
        ` (table ${main.correct}/${main.total} = ${pct(main.correct, main.total)},` +
        ` holdout ${holdout.correct}/${holdout.total} = ${pct(holdout.correct, holdout.total)},` +
        ` holdout 2 ${holdout2.correct}/${holdout2.total} = ${pct(holdout2.correct, holdout2.total)})`,
      ...misses.map(
        (m) => `  MISS ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}  ← ${JSON.stringify(m.prompt)}`,
      ),
    ].join("\n");
    console.log(report);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it.each([...CASES, ...HOLDOUT, ...HOLDOUT_2].map((c, i) => [i, c] as const))("prompt %i produces a valid extraction and invents nothing", (_i, c) => {
    const x = extractOffline(c.prompt, { today: TODAY });
    expect(InvoiceExtraction.parse(x)).toEqual(x);
    expect(normalizeExtraction(x)).toEqual(x);
    if (c.toName === null) {
      expect(x.to.name).toBeNull();
      expect(x.to.company).toBeNull();
      expect(x.missing).toContain("to.name");
    }
    if (c.fromName === null) {
      expect(x.from.name).toBeNull();
      expect(x.missing).toContain("from.name");
    }
    if (c.currency === null) {
      expect(x.currency).toBeNull();
      expect(x.missing).toContain("currency");
    }
    if (c.items?.length === 0) expect(x.missing).toContain("items");
    x.items.forEach((item, i) => {
      if (item.unitPrice === null) expect(x.missing).toContain(`items[${i}].unitPrice`);
      if (item.quantity === null) expect(x.missing).toContain(`items[${i}].quantity`);
    });
    if (c.due?.kind === "none") expect(x.missing).toContain("dueDate");
    // Every amount is an exact decimal string.
    for (const item of x.items) {
      for (const value of [item.quantity, item.unitPrice]) if (value !== null) expect(value).toMatch(/^-?\d+(?:\.\d+)?$/);
    }
    for (const d of x.discounts) expect(d.value).toMatch(/^\d+(?:\.\d+)?$/);
    for (const t of x.taxes) expect(t.rate).toMatch(/^\d+(?:\.\d+)?$/);
  });
});
