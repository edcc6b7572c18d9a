/** Pieces of the on-screen invoice "paper", shared by the detail page and the generated preview. */
import type { ReactNode } from "react";
import { currencyExponent } from "../../../common/money/index.ts";
import type { ItemFields } from "../lib/invoice-form/form-model.ts";
import { safeFormatDecimal } from "../lib/invoice-form/money.ts";

interface Money {
  formatted: string;
}

/** Unit prices may carry 4 decimals beyond the currency's; show them all, never fewer than the currency's. */
export function formatUnitPrice(value: string, currency: string, locale: string): string {
  const decimals = value.includes(".") ? value.split(".")[1]!.replace(/0+$/, "").length : 0;
  try {
    const exponent = currencyExponent(currency);
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: Math.max(decimals, exponent),
    }).format(value as Intl.StringNumericLiteral);
  } catch {
    return value;
  }
}

/** A "From" / "Bill to" / "Payment details" block of label: value lines; a "Name" line is the heading. */
export function Party({ title, lines, empty }: { title: string; lines: readonly { label: string; value: string }[]; empty?: ReactNode }) {
  return (
    <div className="party">
      <h3 className="party-title">{title}</h3>
      {lines.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <dl className="party-lines">
          {lines.map((line, index) => (
            <div key={index} className={line.label === "Name" ? "party-name" : undefined}>
              {line.label && line.label !== "Name" ? <dt>{line.label}</dt> : <dt className="sr-only">{line.label || "Line"}</dt>}
              <dd>{line.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** "Invoice", the number, and the title unless it is the default "Invoice <number>". */
export function PaperHeading({ number, title }: { number: string; title: string }) {
  return (
    <div>
      <p className="eyebrow">Invoice</p>
      <p className="paper-number">{number}</p>
      {title && title !== `Invoice ${number}` ? <p className="paper-title">{title}</p> : null}
    </div>
  );
}

export interface PaperItem extends ItemFields {
  /** A stored line's id; a preview's lines have none and are keyed by position. */
  id?: string;
  amount: Money;
}

/** The line items, in the order given: description (with its discount and tax), quantity and unit, unit price, amount. */
export function ItemsTable({ items, currency, locale }: { items: readonly PaperItem[]; currency: string; locale: string }) {
  return (
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
          {items.map((item, index) => (
            <tr key={item.id ?? index}>
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
              <td className="num nowrap">{formatUnitPrice(item.unitPrice, currency, locale)}</td>
              <td className="num nowrap cell-strong">{item.amount.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The foot of the paper: payment details and notes, beside the totals (`children`). */
export function PaperBottom({
  paymentDetails,
  notes,
  children,
}: {
  paymentDetails: readonly { label: string; value: string }[];
  notes: string | null;
  children: ReactNode;
}) {
  return (
    <section className="paper-bottom">
      <div className="paper-notes">
        {paymentDetails.length > 0 ? <Party title="Payment details" lines={paymentDetails} /> : null}
        {notes ? (
          <div className="party">
            <h3 className="party-title">Notes</h3>
            <p className="notes">{notes}</p>
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}

export interface PaperDiscount {
  description: string | null;
  /** A percentage (shown after the description) rather than a fixed amount. */
  percent: boolean;
  value: string;
  amount: Money;
}

export interface PaperTotalsProps {
  currency: string;
  locale: string;
  subtotal: Money;
  discounts: readonly PaperDiscount[];
  /** The "Taxable amount" line, shown when given and there are both discounts and taxes. */
  taxable?: Money;
  taxes: readonly { name: string; rate: string; base: Money; amount: Money }[];
  total: Money;
  subtotalTestId?: string;
  totalTestId: string;
  /** Lines after the total (the paid date). */
  children?: ReactNode;
}

/** Subtotal, each discount, the taxable amount, each tax group on its base, the total. */
export function PaperTotals({ currency, locale, subtotal, discounts, taxable, taxes, total, subtotalTestId, totalTestId, children }: PaperTotalsProps) {
  return (
    <dl className="totals" aria-label="Totals">
      <div className="totals-line">
        <dt>Subtotal</dt>
        <dd data-testid={subtotalTestId}>{subtotal.formatted}</dd>
      </div>
      {discounts.map((discount, index) => (
        <div className="totals-line" key={`d${index}`}>
          <dt>
            {discount.description || "Discount"}
            {discount.percent ? ` (${safeFormatDecimal(discount.value, locale)}%)` : ""}
          </dt>
          <dd>−{discount.amount.formatted}</dd>
        </div>
      ))}
      {taxable && discounts.length > 0 && taxes.length > 0 ? (
        <div className="totals-line muted">
          <dt>Taxable amount</dt>
          <dd>{taxable.formatted}</dd>
        </div>
      ) : null}
      {taxes.map((tax, index) => (
        <div className="totals-line" key={`t${index}`}>
          <dt>
            {tax.name} {safeFormatDecimal(tax.rate, locale)}%
            <span className="totals-base">on {tax.base.formatted}</span>
          </dt>
          <dd>{tax.amount.formatted}</dd>
        </div>
      ))}
      <div className="totals-line totals-grand">
        <dt>Total {currency}</dt>
        <dd data-testid={totalTestId}>{total.formatted}</dd>
      </div>
      {children}
    </dl>
  );
}
