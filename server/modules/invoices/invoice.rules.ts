/**
 * Invoice lifecycle rules: which status changes are allowed and what "paid" and
 * "overdue" mean. Invobi's REST API treats "paid" as "has a paid date"; we keep
 * status and paidAt consistent so both readings always agree.
 */
import type { InvoiceStatus } from "../../../common/invoice/types.ts";

/** draft → sent → paid; any non-paid → cancelled; paid → sent only through markUnpaid. */
const TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  draft: ["sent", "paid", "cancelled"],
  sent: ["paid", "cancelled"],
  paid: ["sent"],
  cancelled: [],
};

export function canTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function transitionError(from: InvoiceStatus, to: InvoiceStatus): string {
  if (from === "cancelled") return `A cancelled invoice cannot change status (tried ${from} → ${to})`;
  if (from === "paid" && to === "cancelled") return "A paid invoice cannot be cancelled; mark it unpaid first";
  if (from === "paid" && to === "draft") return "A paid invoice cannot go back to draft; mark it unpaid first";
  if (from === "sent" && to === "draft") return "A sent invoice cannot go back to draft";
  return `Invalid status change ${from} → ${to}`;
}

export function isOverdue(invoice: { dueAt: string; paidAt: string | null; status: string }, today: string): boolean {
  return invoice.paidAt === null && invoice.status !== "cancelled" && invoice.status !== "paid" && invoice.dueAt < today;
}
