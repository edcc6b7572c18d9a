/** Pieces of the on-screen invoice "paper", shared by the detail page and the generated preview. */
import type { ReactNode } from "react";
import { currencyExponent } from "../../../../common/money/index.ts";

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
