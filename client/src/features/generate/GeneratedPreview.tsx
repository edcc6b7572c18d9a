/** The server's preview of a generated invoice, drawn like the invoice itself, plus what it could not read. */
import { AlertIcon, SparklesIcon } from "../../components/icons.tsx";
import { cx } from "../../components/ui.tsx";
import { formatDate } from "../../lib/dates.ts";
import { ItemsTable, PaperBottom, PaperHeading, PaperTotals, Party } from "../invoices/paper.tsx";
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
  return (
    <article className={cx("paper", "preview-paper", stale && "is-stale")} aria-label="Invoice preview" data-testid="generated-preview">
      <span className="preview-ribbon" aria-hidden="true">
        Preview
      </span>
      <header className="paper-header">
        <PaperHeading number={preview.number} title={preview.title} />
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

      <ItemsTable items={preview.items} currency={preview.currency} locale={locale} />

      <PaperBottom paymentDetails={preview.paymentDetails} notes={preview.notes}>
        <PaperTotals
          currency={preview.currency}
          locale={locale}
          subtotal={preview.subtotal}
          discounts={preview.discounts.map((discount) => ({ ...discount, percent: discount.kind === "percent" }))}
          taxes={preview.taxes}
          total={preview.total}
          subtotalTestId="generated-subtotal"
          totalTestId="generated-total"
        />
      </PaperBottom>
    </article>
  );
}
