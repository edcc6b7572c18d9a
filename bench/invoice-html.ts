/**
 * The invoice as a self-contained HTML page, styled like the jsPDF rendering, for
 * the "headless Chromium prints HTML to PDF" side of bench/pdf.bench.ts.
 * Font: the system's DejaVu Sans (Debian: fonts-dejavu-core), the typeface the
 * jsPDF side embeds, so Chromium subsets and embeds the same glyphs.
 */
import type { InvoiceDocument, InvoiceTotals } from "../common/invoice/types.ts";
import { formatDecimal, formatMoney } from "../common/money/index.ts";
import { fill, labelsFor } from "../common/pdf/labels.ts";
import { formatDate, formatPercent, formatUnitPrice } from "../common/pdf/render-invoice/render-invoice.ts";

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);

export function invoiceHtml(invoice: InvoiceDocument, totals: InvoiceTotals): string {
  const L = labelsFor(invoice.locale);
  const money = (minor: bigint): string => escape(formatMoney(minor, totals.currency, invoice.locale));
  const date = (value: string): string => escape(formatDate(value, invoice.locale));
  const lines = (details: { label: string; value: string }[]): string =>
    details.map((d) => `<div>${d.label ? `<span class="muted">${escape(d.label)}:</span> ` : ""}${escape(d.value).replace(/\n/g, "<br>")}</div>`).join("");
  const hasDiscount = invoice.items.some((item) => item.discountPercent && /[1-9]/.test(item.discountPercent));
  const hasTax = invoice.items.some((item) => item.taxPercent && /[1-9]/.test(item.taxPercent));
  const rows = invoice.items
    .map((item, index) => {
      const cells = [
        `<td>${escape(item.description)}</td>`,
        `<td class="num">${escape(formatDecimal(item.quantity, invoice.locale))}${item.unit ? ` ${escape(item.unit)}` : ""}</td>`,
        `<td class="num">${escape(formatUnitPrice(item.unitPrice, totals.currency, totals.exponent, invoice.locale))}</td>`,
        hasDiscount ? `<td class="num">${item.discountPercent && /[1-9]/.test(item.discountPercent) ? escape(formatPercent(item.discountPercent, invoice.locale)) : ""}</td>` : "",
        hasTax ? `<td class="num">${item.taxPercent ? escape(formatPercent(item.taxPercent, invoice.locale)) : ""}</td>` : "",
        `<td class="num">${money(totals.lines[index]?.netMinor ?? 0n)}</td>`,
      ];
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("");
  const totalRows = [
    `<tr><td>${escape(L.subtotal)}</td><td class="num">${money(totals.subtotalMinor)}</td></tr>`,
    ...totals.discounts.map((d) => `<tr class="muted"><td>${escape(d.description ?? L.invoiceDiscount)}</td><td class="num">${money(-d.amountMinor)}</td></tr>`),
    ...totals.taxes.map(
      (tax) =>
        `<tr class="muted"><td>${escape(fill(L.taxOn, { tax: `${tax.name} ${formatPercent(tax.rate, invoice.locale)}`, base: formatMoney(tax.baseMinor, totals.currency, invoice.locale) }))}</td><td class="num">${money(tax.amountMinor)}</td></tr>`,
    ),
    `<tr class="total"><td>${escape(L.totalDue)}</td><td class="num">${money(totals.totalMinor)}</td></tr>`,
  ].join("");
  return `<!doctype html><html lang="${escape(invoice.locale)}"><head><meta charset="utf-8"><title>${escape(L.invoice)} ${escape(invoice.number)}</title>
<style>
@page { size: ${invoice.locale === "en-US" ? "letter" : "A4"}; margin: 17mm 17.6mm 23mm; }
body { font: 9pt/1.42 "DejaVu Sans", sans-serif; color: #373e4a; margin: 0; }
h1 { font-size: 24pt; margin: 0 0 4pt; color: #1c2129; }
.muted { color: #707987; } .eyebrow { font-size: 7pt; font-weight: 700; letter-spacing: .6pt; text-transform: uppercase; color: #707987; }
.head { display: flex; justify-content: space-between; } .brand { color: #1f5f6b; font: 700 13pt "DejaVu Sans"; }
.parties { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 22pt; border-top: .6pt solid #e2e6ec; margin-top: 24pt; padding-top: 18pt; }
.box { background: #eef3f4; border-left: 2.5pt solid #1f5f6b; padding: 12pt 14pt; } .box .amount { font: 700 17pt "DejaVu Sans"; color: #1c2129; }
table { width: 100%; border-collapse: collapse; margin-top: 28pt; } thead { display: table-header-group; } tr { break-inside: avoid; }
th { font-size: 7pt; text-transform: uppercase; color: #707987; text-align: left; border-bottom: 1pt solid #1f5f6b; padding: 4pt 5pt 6pt; }
td { padding: 6.5pt 5pt; border-bottom: .6pt solid #e2e6ec; vertical-align: top; } .num { text-align: right; white-space: nowrap; }
.totals { width: 260pt; margin: 18pt 0 0 auto; } .totals td { padding: 4.5pt 0; } .totals .total td { font: 700 11.5pt "DejaVu Sans"; color: #1c2129; background: #eef3f4; padding: 9pt 8pt; border: 0; }
.notes { margin-top: 26pt; break-inside: avoid; }
</style></head><body>
<div class="head"><div><h1>${escape(L.invoice)}</h1><div>${escape(invoice.title)}</div>
<div class="muted">${escape(L.invoice)} ${escape(L.number)} <b>${escape(invoice.number)}</b><br>${escape(L.issueDate)} ${date(invoice.issuedAt)}<br>${escape(L.dueDate)} ${date(invoice.dueAt)}</div></div>
<div class="brand">${escape(invoice.fromDetails[0]?.value ?? "")}</div></div>
<div class="parties"><div><div class="eyebrow">${escape(L.from)}</div>${lines(invoice.fromDetails)}</div>
<div><div class="eyebrow">${escape(L.billTo)}</div><b>${escape(invoice.customer.name ?? "")}</b>${lines(invoice.toDetails)}</div>
<div class="box"><div class="eyebrow">${escape(L.amountDue)}</div><div class="amount">${money(totals.totalMinor)}</div><div class="muted">${escape(fill(L.dueOn, { date: formatDate(invoice.dueAt, invoice.locale) }))}</div></div></div>
<table><thead><tr><th>${escape(L.description)}</th><th class="num">${escape(L.quantity)}</th><th class="num">${escape(L.unitPrice)}</th>${hasDiscount ? `<th class="num">${escape(L.discount)}</th>` : ""}${hasTax ? `<th class="num">${escape(L.tax)}</th>` : ""}<th class="num">${escape(L.amount)}</th></tr></thead><tbody>${rows}</tbody></table>
<table class="totals">${totalRows}</table>
<div class="notes"><div class="eyebrow">${escape(L.paymentDetails)}</div>${lines(invoice.paymentDetails)}</div>
${invoice.notes ? `<div class="notes"><div class="eyebrow">${escape(L.notes)}</div>${escape(invoice.notes)}</div>` : ""}
</body></html>`;
}
