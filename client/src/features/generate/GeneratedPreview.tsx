/** The server's preview of a generated invoice, drawn like the invoice itself, plus what it could not read. */
import { AlertIcon, SparklesIcon } from "../../components/icons.tsx";
import { cx } from "../../components/ui.tsx";
import { formatDate } from "../../lib/dates.ts";
import { safeFormatDecimal } from "../invoices/money.ts";
import { formatUnitPrice, Party } from "../invoices/paper.tsx";
import { listLabels, type MissingNote } from "./preview-model.ts";
import { providerName } from "./providers.ts";
import type { GeneratedInvoice } from "./queries.ts";

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "Couldn't read: customer name and due date", with what was done instead of each. */
export function MissingWarnings({ notes, footer }: { notes: readonly MissingNote[]; footer?: string }) {
  if (notes.length === 0) return null;
  return (
    <div className="missing-card" role="status" data-testid="missing-warnings">
      <AlertIcon className="icon missing-icon" />
      <div>
        <p className="missing-title">Couldn't read: {listLabels(notes)}</p>
        <ul className="missing-list">
          {notes.map((note) => (
            <li key={note.path}>
              <strong>{note.label.charAt(0).toUpperCase() + note.label.slice(1)}</strong>
              {note.detail ? <span> — {note.detail}</span> : null}
            </li>
          ))}
        </ul>
        {footer ? <p className="missing-footer">{footer}</p> : null}
      </div>
    </div>
  );
}

export function ReadBy({ data }: { data: Pick<GeneratedInvoice, "provider" | "model" | "attempts"> }) {
  const calls =
    data.attempts === 0 ? "no model call" : data.attempts === 1 ? "1 model call" : `${data.attempts} model calls (retried once)`;
  return (
    <p className="read-by" data-testid="read-by">
      <SparklesIcon width={15} height={15} />
      <span>
        Read by <strong>{providerName(data.provider)}</strong>
        {data.model ? <span className="mono"> · {data.model}</span> : null}
        <span className="muted"> · {calls}</span>
      </span>
    </p>
  );
}

export function GeneratedPreview({ data, stale = false }: { data: GeneratedInvoice; stale?: boolean }) {
  const preview = data.preview;
  const locale = preview.locale;
  const term = daysBetween(preview.issuedAt, preview.dueAt);
  const hasTitle = preview.title && preview.title !== `Invoice ${preview.number}`;
  return (
    <article className={cx("paper", "preview-paper", stale && "is-stale")} aria-label="Invoice preview" data-testid="generated-preview">
      <span className="preview-ribbon" aria-hidden="true">
        Preview
      </span>
      <header className="paper-header">
        <div>
          <p className="eyebrow">Invoice</p>
          <p className="paper-number">{preview.number}</p>
          {hasTitle ? <p className="paper-title">{preview.title}</p> : null}
        </div>
        <dl className="paper-meta">
          <div>
            <dt>Issued</dt>
            <dd data-testid="preview-issued" data-date={preview.issuedAt}>
              {formatDate(preview.issuedAt, locale)}
            </dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd data-testid="preview-due" data-date={preview.dueAt}>
              {formatDate(preview.dueAt, locale)}
              {term > 0 ? <span className="meta-note">{term} days</span> : null}
            </dd>
          </div>
        </dl>
      </header>

      <section className="parties">
        <Party title="From" lines={preview.fromDetails} empty="No sender: add your business details in Settings, or in the editor." />
        <Party title="Bill to" lines={preview.toDetails} empty="No customer yet." />
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
            {preview.items.map((item, index) => (
              <tr key={index}>
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
                <td className="num nowrap">{formatUnitPrice(item.unitPrice, preview.currency, locale)}</td>
                <td className="num nowrap cell-strong">{item.amount.formatted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="paper-bottom">
        <div className="paper-notes">
          {preview.paymentDetails.length > 0 ? <Party title="Payment details" lines={preview.paymentDetails} /> : null}
          {preview.notes ? (
            <div className="party">
              <h3 className="party-title">Notes</h3>
              <p className="notes">{preview.notes}</p>
            </div>
          ) : null}
        </div>
        <dl className="totals" aria-label="Totals">
          <div className="totals-line">
            <dt>Subtotal</dt>
            <dd data-testid="generated-subtotal">{preview.subtotal.formatted}</dd>
          </div>
          {preview.discounts.map((discount, index) => (
            <div className="totals-line" key={`d${index}`}>
              <dt>
                {discount.description || "Discount"}
                {discount.kind === "percent" ? ` (${safeFormatDecimal(discount.value, locale)}%)` : ""}
              </dt>
              <dd>−{discount.amount.formatted}</dd>
            </div>
          ))}
          {preview.taxes.map((tax, index) => (
            <div className="totals-line" key={`t${index}`}>
              <dt>
                {tax.name} {safeFormatDecimal(tax.rate, locale)}%
                <span className="totals-base">on {tax.base.formatted}</span>
              </dt>
              <dd>{tax.amount.formatted}</dd>
            </div>
          ))}
          <div className="totals-line totals-grand">
            <dt>Total {preview.currency}</dt>
            <dd data-testid="generated-total">{preview.total.formatted}</dd>
          </div>
        </dl>
      </section>
    </article>
  );
}
