/**
 * "Download PDF": the renderer (jsPDF + jspdf-autotable) and its assets (DejaVu
 * fonts + the HarfBuzz subsetter, ~2 MB) are imported lazily on the first click,
 * so none of it is in the main bundle. The PDF is drawn in the browser from the
 * same InvoiceDocument + computeTotals() the server uses, so it matches the
 * server-rendered PDF byte for byte.
 */
import type { InvoiceDocument, InvoiceStatus } from "../../../../common/invoice/types.ts";
import { computeTotals } from "../../../../common/money/index.ts";
import type { InvoiceDetailFragment } from "../../gql/graphql.ts";

/** The GraphQL invoice as the shared document shape the renderer draws. */
export function toInvoiceDocument(invoice: InvoiceDetailFragment): InvoiceDocument {
  return {
    id: invoice.rawId,
    number: invoice.number,
    title: invoice.title,
    status: invoice.status.toLowerCase() as InvoiceStatus,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    currency: invoice.currency,
    locale: invoice.locale,
    notes: invoice.notes,
    fromDetails: invoice.fromDetails.map(({ label, value }) => ({ label, value })),
    toDetails: invoice.toDetails.map(({ label, value }) => ({ label, value })),
    paymentDetails: invoice.paymentDetails.map(({ label, value }) => ({ label, value })),
    customer: { ...invoice.customer },
    items: [...invoice.items]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        description: item.description,
        quantity: item.quantity,
        unit: item.unit,
        unitPrice: item.unitPrice,
        discountPercent: item.discountPercent,
        taxPercent: item.taxPercent,
        taxName: item.taxName,
      })),
    discounts: invoice.discounts.map((discount) => ({
      description: discount.description,
      kind: discount.kind === "FIXED" ? "fixed" : "percent",
      value: discount.value,
    })),
    taxes: invoice.taxes.map(({ name, rate }) => ({ name, rate })),
    updatedAt: invoice.updatedAt,
  };
}

/** Renders the invoice to PDF bytes (loads the renderer on first use). */
export async function renderPdf(invoice: InvoiceDetailFragment): Promise<Uint8Array> {
  const [{ renderInvoicePdf }, { loadPdfAssets, loadLogo }] = await Promise.all([
    import("../../../../common/pdf/render-invoice/render-invoice.ts"),
    import("../../../../common/pdf/assets.browser.ts"),
  ]);
  const document = toInvoiceDocument(invoice);
  const [assets, logo] = await Promise.all([
    loadPdfAssets(),
    document.customer.logoUrl ? loadLogo(document.customer.logoUrl) : Promise.resolve(null),
  ]);
  return renderInvoicePdf(document, computeTotals(document), { ...assets, logo });
}

export function pdfFileName(invoice: Pick<InvoiceDetailFragment, "number">): string {
  const safe = invoice.number.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "");
  return `${safe || "invoice"}.pdf`;
}

/** Renders and saves "<number>.pdf". */
export async function downloadInvoicePdf(invoice: InvoiceDetailFragment): Promise<void> {
  const bytes = await renderPdf(invoice);
  const blob = new Blob([bytes as BlobPart], { type: "application/pdf" });
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = pdfFileName(invoice);
    link.rel = "noopener";
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
