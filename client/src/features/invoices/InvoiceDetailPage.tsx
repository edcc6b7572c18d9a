import { Link, useNavigate } from "@tanstack/react-router";
import { useId, useState } from "react";
import {
  ArrowLeftIcon,
  BanIcon,
  CheckIcon,
  DownloadIcon,
  EditIcon,
  SendIcon,
  TrashIcon,
  UndoIcon,
} from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, Dialog, InputField, Menu, PageHeader } from "../../components/ui.tsx";
import type { InvoiceDetailFragment } from "../../gql/graphql.ts";
import { formatDate, formatDateTime, relativeDays, todayIn } from "../../lib/dates.ts";
import { errorMessage } from "../../lib/result.ts";
import { safeFormatDecimal } from "./money.ts";
import { formatUnitPrice, Party } from "./paper.tsx";
import {
  useDeleteInvoice,
  useMarkInvoicePaid,
  useMarkInvoiceUnpaid,
  useSetInvoiceStatus,
} from "./queries.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { editLock } from "./status-rules.ts";

export interface InvoiceDetailPageProps {
  invoice: InvoiceDetailFragment;
  /** The account's time zone: "today" for the paid-date default. */
  timeZone?: string;
}

export function InvoiceDetailPage({ invoice, timeZone }: InvoiceDetailPageProps) {
  const locale = invoice.locale;
  const today = todayIn(timeZone);
  return (
    <div className="invoice-detail">
      <PageHeader
        back={
          <Link to="/invoices" className="back-link">
            <ArrowLeftIcon /> Invoices
          </Link>
        }
        title={
          <span className="title-with-badge">
            <span>{invoice.number}</span>
            <StatusBadge status={invoice.status} overdue={invoice.isOverdue} />
          </span>
        }
        subtitle={invoice.title}
        actions={<InvoiceActions invoice={invoice} today={today} />}
      />

      {invoice.isOverdue ? (
        <Alert tone="warning" title="This invoice is overdue">
          It was due {formatDate(invoice.dueAt, locale)} ({relativeDays(invoice.dueAt, today)}).
        </Alert>
      ) : null}

      <div className="detail-layout">
        <article className="paper" aria-label={`Invoice ${invoice.number}`}>
          <header className="paper-header">
            <div>
              <p className="eyebrow">Invoice</p>
              <p className="paper-number">{invoice.number}</p>
              {invoice.title && invoice.title !== `Invoice ${invoice.number}` ? <p className="paper-title">{invoice.title}</p> : null}
            </div>
            <dl className="paper-meta">
              <div>
                <dt>Issued</dt>
                <dd>{formatDate(invoice.issuedAt, locale)}</dd>
              </div>
              <div>
                <dt>Due</dt>
                <dd className={invoice.isOverdue ? "text-danger" : undefined}>{formatDate(invoice.dueAt, locale)}</dd>
              </div>
              {invoice.paidAt ? (
                <div>
                  <dt>Paid</dt>
                  <dd className="text-success">{formatDate(invoice.paidAt, locale)}</dd>
                </div>
              ) : null}
            </dl>
          </header>

          <section className="parties">
            <Party
              title="From"
              lines={invoice.fromDetails}
              empty={
                <>
                  No sender details. <Link to="/settings">Add your business details</Link> for new invoices, or edit this one.
                </>
              }
            />
            <Party title="Bill to" lines={invoice.toDetails} empty="No recipient." />
          </section>

          <div className="table-scroll">
            <table className="table items-table">
              <thead>
                <tr>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">Qty</th>
                  <th scope="col" className="num">Unit price</th>
                  <th scope="col" className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {[...invoice.items]
                  .sort((a, b) => a.position - b.position)
                  .map((item) => (
                    <tr key={item.id}>
                      <td>
                        <div className="cell-strong">{item.description}</div>
                        {item.discountPercent || item.taxPercent ? (
                          <div className="cell-secondary">
                            {[
                              item.discountPercent ? `${safeFormatDecimal(item.discountPercent, locale)}% off` : null,
                              item.taxPercent ? `${item.taxName || "Tax"} ${safeFormatDecimal(item.taxPercent, locale)}%` : null,
                            ]
                              .filter(Boolean)
                              .join(" · ")}
                          </div>
                        ) : null}
                      </td>
                      <td className="num nowrap">
                        {safeFormatDecimal(item.quantity, locale)}
                        {item.unit ? <span className="muted"> {item.unit}</span> : null}
                      </td>
                      <td className="num nowrap">{formatUnitPrice(item.unitPrice, invoice.currency, locale)}</td>
                      <td className="num nowrap cell-strong">{item.amount.formatted}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>

          <section className="paper-bottom">
            <div className="paper-notes">
              {invoice.paymentDetails.length > 0 ? <Party title="Payment details" lines={invoice.paymentDetails} /> : null}
              {invoice.notes ? (
                <div className="party">
                  <h3 className="party-title">Notes</h3>
                  <p className="notes">{invoice.notes}</p>
                </div>
              ) : null}
            </div>
            <dl className="totals" aria-label="Totals">
              <div className="totals-line">
                <dt>Subtotal</dt>
                <dd>{invoice.totals.subtotal.formatted}</dd>
              </div>
              {invoice.totals.discounts.map((discount, index) => (
                <div className="totals-line" key={`d${index}`}>
                  <dt>
                    {discount.description || "Discount"}
                    {discount.kind === "PERCENT" ? ` (${safeFormatDecimal(discount.value, locale)}%)` : ""}
                  </dt>
                  <dd>−{discount.amount.formatted}</dd>
                </div>
              ))}
              {invoice.totals.discounts.length > 0 && invoice.totals.taxes.length > 0 ? (
                <div className="totals-line muted">
                  <dt>Taxable amount</dt>
                  <dd>{invoice.totals.taxable.formatted}</dd>
                </div>
              ) : null}
              {invoice.totals.taxes.map((tax, index) => (
                <div className="totals-line" key={`t${index}`}>
                  <dt>
                    {tax.name} {safeFormatDecimal(tax.rate, locale)}%
                    <span className="totals-base">on {tax.base.formatted}</span>
                  </dt>
                  <dd>{tax.amount.formatted}</dd>
                </div>
              ))}
              <div className="totals-line totals-grand">
                <dt>Total {invoice.currency}</dt>
                <dd data-testid="invoice-total">{invoice.totals.total.formatted}</dd>
              </div>
              {invoice.paidAt ? (
                <div className="totals-line totals-paid">
                  <dt>Paid {formatDate(invoice.paidAt, locale)}</dt>
                  <dd>
                    <CheckIcon />
                  </dd>
                </div>
              ) : null}
            </dl>
          </section>
        </article>

        <aside className="detail-aside">
          <section className="side-card">
            <h2 className="side-title">Details</h2>
            <dl className="kv">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={invoice.status} overdue={invoice.isOverdue} />
                </dd>
              </div>
              <div>
                <dt>Currency</dt>
                <dd>{invoice.currency}</dd>
              </div>
              <div>
                <dt>Locale</dt>
                <dd>{invoice.locale}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>{formatDateTime(invoice.createdAt)}</dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{formatDateTime(invoice.updatedAt)}</dd>
              </div>
              <div>
                <dt>API id</dt>
                <dd>
                  <code>{invoice.rawId}</code>
                </dd>
              </div>
            </dl>
          </section>
          {invoice.promptText ? (
            <section className="side-card">
              <h2 className="side-title">Generated from</h2>
              <blockquote className="prompt-quote">{invoice.promptText}</blockquote>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

/** A disabled "Edit" that still takes focus and hover, so its tooltip can say why. */
function LockedEditButton({ reason }: { reason: string }) {
  const tipId = useId();
  return (
    <span className="tooltip-wrap">
      <button
        type="button"
        className="btn btn-secondary"
        aria-disabled="true"
        aria-describedby={tipId}
        onClick={(event) => event.preventDefault()}
      >
        <EditIcon /> Edit
      </button>
      <span role="tooltip" id={tipId} className="tooltip">
        {reason}
      </span>
    </span>
  );
}

function InvoiceActions({ invoice, today }: { invoice: InvoiceDetailFragment; today: string }) {
  const id = invoice.rawId;
  const toast = useToast();
  const navigate = useNavigate();
  const setStatus = useSetInvoiceStatus(id);
  const markPaid = useMarkInvoicePaid(id);
  const markUnpaid = useMarkInvoiceUnpaid(id);
  const remove = useDeleteInvoice(id);
  const [dialog, setDialog] = useState<null | "paid" | "cancel" | "delete">(null);
  const [paidAt, setPaidAt] = useState(today);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>, success: string) => {
    setActionError(null);
    try {
      await action();
      toast.show(success);
      setDialog(null);
    } catch (error) {
      setActionError(errorMessage(error));
    }
  };

  const downloadPdf = async () => {
    setPdfBusy(true);
    try {
      const { downloadInvoicePdf } = await import("./pdf.ts");
      await downloadInvoicePdf(invoice);
    } catch (error) {
      toast.show(`Could not make the PDF: ${errorMessage(error)}`, "error");
    } finally {
      setPdfBusy(false);
    }
  };

  const status = invoice.status;
  return (
    <>
      <div className="action-bar">
        {status === "DRAFT" ? (
          <Button icon={<SendIcon />} busy={setStatus.isPending} onClick={() => run(() => setStatus.mutateAsync("SENT"), "Marked as sent")}>
            Mark as sent
          </Button>
        ) : null}
        {status === "DRAFT" || status === "SENT" ? (
          <Button
            variant="success"
            icon={<CheckIcon />}
            onClick={() => {
              setPaidAt(today);
              setActionError(null);
              setDialog("paid");
            }}
          >
            Mark as paid
          </Button>
        ) : null}
        {status === "PAID" ? (
          <Button icon={<UndoIcon />} busy={markUnpaid.isPending} onClick={() => run(() => markUnpaid.mutateAsync(), "Marked as unpaid")}>
            Mark as unpaid
          </Button>
        ) : null}
        <Button icon={<DownloadIcon />} busy={pdfBusy} onClick={downloadPdf}>
          Download PDF
        </Button>
        {editLock(status) ? (
          <LockedEditButton reason={editLock(status)!} />
        ) : (
          <Link to="/invoices/$invoiceId/edit" params={{ invoiceId: id }} className="btn btn-secondary">
            <EditIcon /> Edit
          </Link>
        )}
        <Menu label="More actions">
          {(close) => (
            <>
              {status === "DRAFT" || status === "SENT" ? (
                <button type="button" role="menuitem" className="menu-item" onClick={() => { close(); setActionError(null); setDialog("cancel"); }}>
                  <BanIcon /> Cancel invoice
                </button>
              ) : null}
              <button type="button" role="menuitem" className="menu-item menu-item-danger" onClick={() => { close(); setActionError(null); setDialog("delete"); }}>
                <TrashIcon /> Delete invoice
              </button>
            </>
          )}
        </Menu>
      </div>
      {actionError && dialog === null ? (
        <div className="action-error">
          <Alert>{actionError}</Alert>
        </div>
      ) : null}

      <Dialog
        open={dialog === "paid"}
        onClose={() => setDialog(null)}
        title={`Mark ${invoice.number} as paid`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="success"
              busy={markPaid.isPending}
              onClick={() => run(() => markPaid.mutateAsync(paidAt || null), "Marked as paid")}
            >
              Mark as paid
            </Button>
          </>
        }
      >
        {actionError ? <Alert>{actionError}</Alert> : null}
        <InputField label="Payment date" type="date" value={paidAt} max={today} onChange={(event) => setPaidAt(event.target.value)} hint="Defaults to today." />
      </Dialog>

      <Dialog
        open={dialog === "cancel"}
        onClose={() => setDialog(null)}
        title={`Cancel ${invoice.number}?`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setDialog(null)}>
              Keep invoice
            </Button>
            <Button variant="danger" busy={setStatus.isPending} onClick={() => run(() => setStatus.mutateAsync("CANCELLED"), "Invoice cancelled")}>
              Cancel invoice
            </Button>
          </>
        }
      >
        {actionError ? <Alert>{actionError}</Alert> : null}
        <p>A cancelled invoice stays in your records but can no longer be sent, paid or edited.</p>
      </Dialog>

      <Dialog
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        tone="danger"
        title={`Delete ${invoice.number}?`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setDialog(null)}>
              Keep invoice
            </Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={async () => {
                setActionError(null);
                try {
                  await remove.mutateAsync();
                  toast.show(`${invoice.number} deleted`);
                  setDialog(null);
                  await navigate({ to: "/invoices" });
                } catch (error) {
                  setActionError(errorMessage(error));
                }
              }}
            >
              Delete permanently
            </Button>
          </>
        }
      >
        {actionError ? <Alert>{actionError}</Alert> : null}
        <p>
          This permanently deletes the invoice and its {invoice.items.length === 1 ? "line" : `${invoice.items.length} lines`}. It cannot
          be undone.
        </p>
      </Dialog>
    </>
  );
}

