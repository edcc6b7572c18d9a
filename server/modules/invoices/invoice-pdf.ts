/**
 * Server side of the one PDF renderer (common/pdf): the stored invoice → the same
 * InvoiceDocument and totals the SPA renders from, so both downloads are the same file.
 */
import { fetchLogo, loadPdfAssets } from "../../../common/pdf/assets.node.ts";
import { renderInvoicePdf } from "../../../common/pdf/render-invoice.ts";
import type { RenderInvoicePdfFn } from "../../rest/generation-port.ts";
import { invoiceTotals, toInvoiceDocument } from "./invoices.service.ts";

/** Logos are optional decoration: a slow or broken URL never delays the PDF for long. */
const LOGO_TIMEOUT_MS = 1_500;

export const renderStoredInvoicePdf: RenderInvoicePdfFn = async (_ctx, invoice) => {
  const document = toInvoiceDocument(invoice);
  const [assets, logo] = await Promise.all([
    loadPdfAssets(),
    document.customer.logoUrl ? fetchLogo(document.customer.logoUrl, LOGO_TIMEOUT_MS) : Promise.resolve(null),
  ]);
  return renderInvoicePdf(document, invoiceTotals(invoice), { ...assets, logo });
};
