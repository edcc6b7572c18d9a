import type { InvoiceStatus } from "../../gql/graphql.ts";

/**
 * Why an invoice in this status cannot be edited, or null when it can. Paid and
 * cancelled invoices are closed: the server refuses or restricts changes to them.
 */
export function editLock(status: InvoiceStatus): string | null {
  if (status === "PAID") return "Paid invoices are locked. Mark it as unpaid to edit it.";
  if (status === "CANCELLED") return "Cancelled invoices can no longer be changed.";
  return null;
}
