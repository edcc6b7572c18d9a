import type { InvoiceStatus } from "../../gql/graphql.ts";
import { cx } from "../../components/ui.tsx";

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  DRAFT: "Draft",
  SENT: "Sent",
  PAID: "Paid",
  CANCELLED: "Cancelled",
};

export function StatusBadge({ status, overdue = false }: { status: InvoiceStatus; overdue?: boolean }) {
  return (
    <span className="badges">
      <span className={cx("badge", `badge-${status.toLowerCase()}`)}>
        <span className="badge-dot" aria-hidden="true" />
        {STATUS_LABELS[status]}
      </span>
      {overdue ? <span className="badge badge-overdue">Overdue</span> : null}
    </span>
  );
}
