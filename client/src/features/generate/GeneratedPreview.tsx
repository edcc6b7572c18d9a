/**
 * The generated invoice, drawn like the invoice itself and editable in place (title,
 * due date, customer name, the lines), with totals recomputed exactly as it is typed;
 * plus who read the words and what they did not say.
 */
import { useEffect, useId, useRef, useState, type MutableRefObject } from "react";
import { AlertIcon, PlusIcon, SparklesIcon, TrashIcon } from "../../components/icons.tsx";
import { Button, cx, InputField } from "../../components/ui.tsx";
import { formatDate } from "../../lib/dates.ts";
import { PaperBottom, PaperTotals, Party } from "../../components/invoice-paper.tsx";
import { emptyItem, type InvoiceFormValues, type ItemValues } from "../../lib/invoice-form/form-model.ts";
import { safeFormatDecimal, safeFormatMoney } from "../../lib/invoice-form/money.ts";
import { recipientLines, settleDecimal, withCustomerName, type DraftTotals } from "./preview-model.ts";
import { providerName } from "./providers.ts";
import type { GeneratedInvoice } from "./queries.ts";

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

/** Where each editable field's element is, by form field name ("items.0.quantity"), for focusing the first problem. */
export type FieldElements = MutableRefObject<Map<string, HTMLElement>>;

export interface EditablePreviewProps {
  data: GeneratedInvoice;
  values: InvoiceFormValues;
  live: DraftTotals;
  /** The message to show on a field, if any. */
  errorFor: (name: string) => string | undefined;
  /** `lines` is true when lines were added or removed (positions changed). */
  onChange: (next: InvoiceFormValues, change: { field?: string; lines?: boolean }) => void;
  fields: FieldElements;
  stale?: boolean;
}

/** A line's discount, tax and unit, which only the full editor changes. */
function lineMeta(item: ItemValues, locale: string): string {
  return [
    item.unit ? `per ${item.unit}` : null,
    item.discountPercent ? `${safeFormatDecimal(item.discountPercent, locale)}% off` : null,
    item.taxPercent ? `${item.taxName || "Tax"} ${safeFormatDecimal(item.taxPercent, locale)}%` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

export function EditablePreview({ data, values, live, errorFor, onChange, fields, stale = false }: EditablePreviewProps) {
  const preview = data.preview;
  const locale = values.locale || preview.locale;
  const currency = live.currency || preview.currency;
  const money = (minor: bigint) => ({ formatted: safeFormatMoney(minor, currency, locale) });
  const term = values.dueAt ? daysBetween(values.issuedAt, values.dueAt) : Number.NaN;
  const itemsTitle = useId();
  const addButton = useRef<HTMLButtonElement>(null);

  // Lines are keyed by identity, not position, so removing one keeps focus and input state where they belong.
  const [keys, setKeys] = useState(() => values.items.map((_, index) => index));
  const nextKey = useRef(values.items.length);
  const lineKey = (index: number) => keys[index] ?? `line-${index}`;

  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfter.current === null) return;
    const name = focusAfter.current;
    focusAfter.current = null;
    (fields.current.get(name) ?? addButton.current)?.focus();
  });

  const register = (name: string) => (element: HTMLElement | null) => {
    if (element) fields.current.set(name, element);
    else fields.current.delete(name);
  };

  const setItem = (index: number, key: "description" | "quantity" | "unitPrice", value: string) =>
    onChange({ ...values, items: values.items.map((item, i) => (i === index ? { ...item, [key]: value } : item)) }, { field: `items.${index}.${key}` });

  const settle = (index: number, key: "quantity" | "unitPrice") => {
    const value = values.items[index]![key];
    const settled = settleDecimal(value);
    if (settled !== value) setItem(index, key, settled);
  };

  const addLine = () => {
    const key = nextKey.current++;
    setKeys((current) => [...current, key]);
    focusAfter.current = `items.${values.items.length}.description`;
    onChange({ ...values, items: [...values.items, emptyItem()] }, { lines: true });
  };

  const removeLine = (index: number) => {
    if (values.items.length <= 1) return;
    setKeys((current) => current.filter((_, i) => i !== index));
    const next = values.items.filter((_, i) => i !== index);
    // Focus what took the removed line's place, or the line before it, never the page top.
    focusAfter.current = `items.${Math.min(index, next.length - 1)}.description`;
    onChange({ ...values, items: next }, { lines: true });
  };

  const otherRecipientLines = recipientLines(values).filter((line) => !(line.label === "Name" && line.value === values.customer.name));
  const totals = live.totals;
  const uncounted = live.uncounted.map((i) => i + 1);

  return (
    <article className={cx("paper", "preview-paper", "edit-paper", stale && "is-stale")} aria-label="Invoice preview" data-testid="generated-preview">
      <span className="preview-ribbon" aria-hidden="true">
        Preview
      </span>
      <header className="paper-header">
        <div className="edit-heading">
          <p className="eyebrow">Invoice</p>
          <p className="paper-number" title="The next number in your sequence, given when it is saved">
            {preview.number}
          </p>
          <InputField
            ref={register("title")}
            label="Title"
            fieldClassName="edit-title"
            className="input-quiet"
            placeholder={`Invoice ${preview.number}`}
            value={values.title}
            maxLength={200}
            onChange={(event) => onChange({ ...values, title: event.target.value }, { field: "title" })}
            error={errorFor("title")}
          />
        </div>
        <div className="edit-meta">
          <p className="edit-issued">
            <span className="edit-meta-label">Issued</span>{" "}
            <span className="edit-meta-value" data-testid="preview-issued" data-date={values.issuedAt}>
              {formatDate(values.issuedAt, locale)}
            </span>
          </p>
          <InputField
            ref={register("dueAt")}
            label="Due date"
            type="date"
            fieldClassName="edit-due"
            min={values.issuedAt || undefined}
            value={values.dueAt}
            onChange={(event) => onChange({ ...values, dueAt: event.target.value }, { field: "dueAt" })}
            error={errorFor("dueAt")}
            hint={Number.isFinite(term) && term >= 0 ? <span data-testid="preview-due" data-date={values.dueAt}>{term === 0 ? "On the issue date" : `${term} day${term === 1 ? "" : "s"} after issue`}</span> : undefined}
          />
        </div>
      </header>

      <section className="parties">
        <Party title="From" lines={values.fromDetails} empty="No sender: add your business details in Settings, or with Edit all fields." />
        <div className="party">
          <h3 className="party-title">Bill to</h3>
          <InputField
            ref={register("customer.name")}
            label="Customer name"
            fieldClassName="edit-customer"
            className="input-quiet input-strong"
            placeholder="Who is it for?"
            value={values.customer.name}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => onChange(withCustomerName(values, event.target.value), { field: "customer.name" })}
            error={errorFor("customer.name")}
          />
          {otherRecipientLines.length > 0 ? (
            <dl className="party-lines edit-recipient">
              {otherRecipientLines.map((line, index) => (
                <div key={index}>
                  {line.label && line.label !== "Name" ? <dt>{line.label}</dt> : <dt className="sr-only">{line.label || "Line"}</dt>}
                  <dd>{line.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      </section>

      <section className="edit-items" aria-labelledby={itemsTitle}>
        <h3 id={itemsTitle} className="sr-only">
          Line items
        </h3>
        <div className="edit-lines-head" aria-hidden="true">
          <span>Description</span>
          <span className="num">Qty</span>
          <span className="num">Unit price</span>
          <span className="num">Amount</span>
          <span />
        </div>
        <ol className="edit-lines">
          {values.items.map((item, index) => {
            const n = index + 1;
            const net = live.lineNets[index];
            const meta = lineMeta(item, locale);
            const label = (name: string) => (
              <>
                <span className="sr-only">Item {n} </span>
                <span className="line-field-name">{name}</span>
              </>
            );
            /** Quantity and unit price: decimal text, tidied when the field is left. */
            const decimalField = (field: "quantity" | "unitPrice", name: string, fieldClassName: string, placeholder: string) => (
              <InputField
                ref={register(`items.${index}.${field}`)}
                label={label(name)}
                hideLabel
                fieldClassName={fieldClassName}
                className="num"
                inputMode="decimal"
                autoComplete="off"
                placeholder={placeholder}
                value={item[field]}
                onChange={(event) => setItem(index, field, event.target.value)}
                onBlur={() => settle(index, field)}
                error={errorFor(`items.${index}.${field}`)}
              />
            );
            return (
              <li className="edit-line" key={lineKey(index)} data-testid={`line-${n}`}>
                <div className="line-description">
                  <InputField
                    ref={register(`items.${index}.description`)}
                    label={label("description")}
                    hideLabel
                    placeholder="What did you deliver?"
                    value={item.description}
                    maxLength={2000}
                    onChange={(event) => setItem(index, "description", event.target.value)}
                    error={errorFor(`items.${index}.description`)}
                  />
                  {meta ? <p className="line-meta">{meta}</p> : null}
                </div>
                {decimalField("quantity", "quantity", "line-qty", "1")}
                {decimalField("unitPrice", `unit price (${currency})`, "line-price", "0.00")}
                <p className="line-amount num">
                  <span className="sr-only line-label">{label("amount")}</span>
                  <span data-testid={`line-${n}-amount`}>{net === null || net === undefined ? (
                      <>
                        <span className="muted" aria-hidden="true">
                          —
                        </span>
                        <span className="sr-only">not counted yet</span>
                      </>
                    ) : (
                      safeFormatMoney(net, currency, locale)
                    )}</span>
                </p>
                <div className="line-remove">
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon"
                    onClick={() => removeLine(index)}
                    disabled={values.items.length === 1}
                    aria-label={`Remove item ${n}`}
                    title={values.items.length === 1 ? "An invoice needs at least one item" : "Remove item"}
                  >
                    <TrashIcon />
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        {uncounted.length > 0 ? (
          <p className="line-note" role="status">
            {uncounted.length === 1 ? `Item ${uncounted[0]} is` : `Items ${listNumbers(uncounted)} are`} not in the totals until{" "}
            {uncounted.length === 1 ? "it has" : "they have"} a valid quantity and price.
          </p>
        ) : null}
        <Button ref={addButton} size="sm" icon={<PlusIcon />} onClick={addLine} className="line-add">
          Add item
        </Button>
      </section>

      <PaperBottom paymentDetails={values.paymentDetails} notes={values.notes.trim() || null}>
        {totals ? (
          <PaperTotals
            currency={currency}
            locale={locale}
            subtotal={money(totals.subtotalMinor)}
            discounts={totals.discounts.map((discount) => ({
              description: discount.description,
              percent: discount.kind === "percent",
              value: discount.value,
              amount: money(discount.amountMinor),
            }))}
            taxable={money(totals.taxableMinor)}
            taxes={totals.taxes.map((tax) => ({ name: tax.name, rate: tax.rate, base: money(tax.baseMinor), amount: money(tax.amountMinor) }))}
            total={money(totals.totalMinor)}
            subtotalTestId="generated-subtotal"
            totalTestId="generated-total"
          />
        ) : (
          <div className="totals-problem" role="status" data-testid="totals-problem">
            <AlertIcon className="icon" />
            <p>
              <strong>No totals yet.</strong> {live.problem}
            </p>
          </div>
        )}
      </PaperBottom>
    </article>
  );
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** [1, 3, 4] → "1, 3 and 4" */
function listNumbers(numbers: readonly number[]): string {
  return numbers.length <= 1 ? numbers.join("") : `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
}
