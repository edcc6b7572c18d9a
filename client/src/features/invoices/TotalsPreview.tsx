import type { TotalsPreview } from "../../lib/invoice-form/form-model.ts";
import { safeFormatDecimal, safeFormatMoney } from "../../lib/invoice-form/money.ts";

/** The live summary next to the invoice form. */
export function TotalsPreviewPanel({ preview, locale }: { preview: TotalsPreview; locale: string }) {
  const { totals, problem } = preview;
  const currency = preview.currency || "USD";
  const money = (minor: bigint) => safeFormatMoney(minor, currency, locale);
  return (
    <section className="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="summary-title">
        Summary
      </h2>
      {totals ? (
        <dl className="summary-lines">
          <div className="summary-line">
            <dt>Subtotal</dt>
            <dd data-testid="preview-subtotal">{money(totals.subtotalMinor)}</dd>
          </div>
          {totals.discounts.map((discount, index) => (
            <div className="summary-line" key={`d${index}`}>
              <dt>
                {discount.description || "Discount"}
                {discount.kind === "percent" ? ` (${safeFormatDecimal(discount.value, locale)}%)` : ""}
              </dt>
              <dd>−{money(discount.amountMinor)}</dd>
            </div>
          ))}
          {totals.taxes.map((tax, index) => (
            <div className="summary-line" key={`t${index}`}>
              <dt>
                {tax.name} {safeFormatDecimal(tax.rate, locale)}%
                <span className="summary-base"> on {money(tax.baseMinor)}</span>
              </dt>
              <dd>{money(tax.amountMinor)}</dd>
            </div>
          ))}
          <div className="summary-line summary-total">
            <dt>Total</dt>
            <dd data-testid="preview-total" aria-live="polite">
              {money(totals.totalMinor)}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="summary-problem" role="status">
          {problem}
        </p>
      )}
      <p className="summary-note">Calculated exactly as the saved invoice will be.</p>
    </section>
  );
}
