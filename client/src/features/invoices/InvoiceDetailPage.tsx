import { Link, useNavigate } from "@tanstack/react-router";
import { useId, useState } from "react";
import {
  ArrowLeftIcon,
  BanIcon,
  CheckIcon,
  CopyIcon,
  DownloadIcon,
  EditIcon,
  SendIcon,
  TrashIcon,
  UndoIcon,
} from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, ConfirmDialog, InputField, Menu, PageHeader, Spinner } from "../../components/ui.tsx";
import type { InvoiceDetailFragment } from "../../gql/graphql.ts";
import { formatDate, formatDateTime, relativeDays, todayIn } from "../../lib/dates.ts";
import { errorMessage } from "../../lib/result.ts";
import { ItemsTable, PaperBottom, PaperHeading, PaperTotals, Party } from "../../components/invoice-paper.tsx";
import {
  useDeleteInvoice,
  useDuplicateInvoice,
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
            <PaperHeading number={invoice.number} title={invoice.title} />
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

          <ItemsTable items={[...invoice.items].sort((a, b) => a.position - b.position)} currency={invoice.currency} locale={locale} />

          <PaperBottom paymentDetails={invoice.paymentDetails} notes={invoice.notes}>
            <PaperTotals
              currency={invoice.currency}
              locale={locale}
              subtotal={invoice.totals.subtotal}
              discounts={invoice.totals.discounts.map((discount) => ({ ...discount, percent: discount.kind === "PERCENT" }))}
              taxable={invoice.totals.taxable}
              taxes={invoice.totals.taxes}
              total={invoice.totals.total}
              totalTestId="invoice-total"
            >
              {invoice.paidAt ? (
                <div className="totals-line totals-paid">
                  <dt>Paid {formatDate(invoice.paidAt, locale)}</dt>
                  <dd>
                    <CheckIcon />
                  </dd>
                </div>
              ) : null}
            </PaperTotals>
          </PaperBottom>
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
  const duplicate = useDuplicateInvoice(id);
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

  /** A new draft with the same parties and lines (next number, issued today); opens it. */
  const duplicateInvoice = async () => {
    setActionError(null);
    try {
      const copy = await duplicate.mutateAsync();
      toast.show(`Created ${copy.number}, a draft copy of ${invoice.number}`);
      await navigate({ to: "/invoices/$invoiceId", params: { invoiceId: copy.rawId } });
    } catch (error) {
      setActionError(`Could not duplicate ${invoice.number}: ${errorMessage(error)}`);
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
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                disabled={duplicate.isPending}
                onClick={() => {
                  close();
                  void duplicateInvoice();
                }}
              >
                <CopyIcon /> Duplicate invoice
              </button>
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
        {duplicate.isPending ? (
          <span className="action-status" role="status">
            <Spinner small /> Duplicating…
          </span>
        ) : null}
      </div>
      {actionError && dialog === null ? (
        <div className="action-error">
          <Alert>{actionError}</Alert>
        </div>
      ) : null}

      <ConfirmDialog
        open={dialog === "paid"}
        onClose={() => setDialog(null)}
        title={`Mark ${invoice.number} as paid`}
        keepLabel="Cancel"
        confirmLabel="Mark as paid"
        confirmVariant="success"
        busy={markPaid.isPending}
        onConfirm={() => run(() => markPaid.mutateAsync(paidAt || null), "Marked as paid")}
      >
        {actionError ? <Alert>{actionError}</Alert> : null}
        <InputField label="Payment date" type="date" value={paidAt} max={today} onChange={(event) => setPaidAt(event.target.value)} hint="Defaults to today." />
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "cancel"}
        onClose={() => setDialog(null)}
        title={`Cancel ${invoice.number}?`}
        keepLabel="Keep invoice"
        confirmLabel="Cancel invoice"
        busy={setStatus.isPending}
        onConfirm={() => run(() => setStatus.mutateAsync("CANCELLED"), "Invoice cancelled")}
      >
        {actionError ? <Alert>{actionError}</Alert> : null}
        <p>A cancelled invoice stays in your records but can no longer be sent, paid or edited.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        tone="danger"
        title={`Delete ${invoice.number}?`}
        keepLabel="Keep invoice"
        confirmLabel="Delete permanently"
        busy={remove.isPending}
        onConfirm={async () => {
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
        {actionError ? <Alert>{actionError}</Alert> : null}
        <p>
          This permanently deletes the invoice and its {invoice.items.length === 1 ? "line" : `${invoice.items.length} lines`}. It cannot
          be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

