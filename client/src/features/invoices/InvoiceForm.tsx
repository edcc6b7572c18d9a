/**
 * Create / edit an invoice. Validation is the shared InvoiceCreateSchema (plus the
 * shared money rules) through react-hook-form's resolver; totals are previewed
 * live with the same exact arithmetic the server uses; a server ValidationError
 * lands on the fields its issue paths name.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import {
  get,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type UseFormRegister,
} from "react-hook-form";
import { ChevronDownIcon, ChevronUpIcon, PlusIcon, TrashIcon } from "../../components/icons.tsx";
import { Alert, Button, Card, InputField, SelectField, TextareaField, cx } from "../../components/ui.tsx";
import { MutationError, errorMessage } from "../../lib/result.ts";
import {
  emptyDetailLine,
  emptyItem,
  invoiceFormResolver,
  mapServerIssues,
  previewTotals,
  toCreateInput,
  toUpdateInput,
  type DetailArrayName,
  type InvoiceFormValues,
  type SubmitPlan,
  type InvoiceInput,
  type InvoiceUpdateInput,
} from "../../lib/invoice-form/form-model.ts";
import { COMMON_CURRENCIES, COMMON_LOCALES, safeFormatMoney } from "../../lib/invoice-form/money.ts";
import { TotalsPreviewPanel } from "./TotalsPreview.tsx";

type SubmitProps =
  | { mode: "create"; onSubmit: (input: InvoiceInput) => Promise<unknown> }
  | { mode: "edit"; onSubmit: (input: InvoiceUpdateInput) => Promise<unknown> };

export type InvoiceFormProps = SubmitProps & {
  defaultValues: InvoiceFormValues;
  onCancel?: () => void;
  submitLabel?: string;
};

function errorAt(errors: FieldErrors<InvoiceFormValues>, name: string): string | undefined {
  const error = get(errors, name) as { message?: string } | undefined;
  return typeof error?.message === "string" ? error.message : undefined;
}

export function InvoiceForm(props: InvoiceFormProps) {
  const { defaultValues, onCancel, submitLabel } = props;
  const form = useForm<InvoiceFormValues>({
    defaultValues,
    resolver: invoiceFormResolver,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { register, control, formState, handleSubmit, setError } = form;
  const { errors, isSubmitting } = formState;
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);

  const items = useFieldArray({ control, name: "items" });
  const reorder = useItemReorder(items.fields, items.move, (index) => form.getValues(`items.${index}.description`));
  const discounts = useFieldArray({ control, name: "discounts" });
  const taxes = useFieldArray({ control, name: "taxes" });

  const [currency, locale, watchedItems, watchedDiscounts, watchedTaxes] = useWatch({
    control,
    name: ["currency", "locale", "items", "discounts", "taxes"],
  });
  const preview = previewTotals({ currency, items: watchedItems, discounts: watchedDiscounts, taxes: watchedTaxes });
  const displayCurrency = preview.currency || "USD";
  const displayLocale = (locale ?? "").trim() || "en-US";

  const onValid = async (values: InvoiceFormValues) => {
    setGeneralErrors([]);
    let plan: SubmitPlan<InvoiceInput> | SubmitPlan<InvoiceUpdateInput>;
    try {
      if (props.mode === "create") {
        const createPlan = toCreateInput(values);
        plan = createPlan;
        await props.onSubmit(createPlan.input);
      } else {
        const updatePlan = toUpdateInput(values, {
          customerChanged: !sameJson(values.customer, defaultValues.customer),
          toDetailsChanged: !sameJson(values.toDetails, defaultValues.toDetails),
        });
        plan = updatePlan;
        await props.onSubmit(updatePlan.input);
      }
    } catch (error) {
      if (error instanceof MutationError && error.issues.length > 0) {
        // plan is always assigned before onSubmit can throw.
        const mapped = mapServerIssues(error.issues, plan!.fieldFor);
        mapped.fields.forEach(({ name, message }, index) => {
          setError(name as never, { type: "server", message }, { shouldFocus: index === 0 });
        });
        setGeneralErrors(mapped.general.length > 0 ? mapped.general : mapped.fields.length === 0 ? [error.message] : []);
      } else {
        setGeneralErrors([errorMessage(error)]);
      }
    }
  };

  const onInvalid = () => setGeneralErrors([]);
  const rootMoney = errorAt(errors, "root.money");
  const itemsError = errorAt(errors, "items") ?? errorAt(errors, "items.root");
  const errorCount = countErrors(errors);

  return (
    <form className="invoice-form" onSubmit={handleSubmit(onValid, onInvalid)} noValidate aria-label={props.mode === "create" ? "New invoice" : "Edit invoice"}>
      <div className="form-main">
        {generalErrors.length > 0 || rootMoney ? (
          <Alert title="The invoice could not be saved">
            <ul className="plain-list">
              {[...generalErrors, ...(rootMoney ? [rootMoney] : [])].map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </Alert>
        ) : errorCount > 0 && formState.isSubmitted ? (
          <Alert title={errorCount === 1 ? "One field needs your attention" : `${errorCount} fields need your attention`}>
            The highlighted fields below explain what to change.
          </Alert>
        ) : null}

        <div className="form-cols">
          <Card title="Invoice" description="Leave the number empty to use your next number in sequence.">
            <div className="grid grid-2">
              <InputField label="Invoice number" placeholder="Automatic" error={errorAt(errors, "number")} {...register("number")} />
              <div className="grid grid-2 gap-sm">
                <InputField label="Currency" list="invobi-currencies" autoCapitalize="characters" maxLength={3} className="uppercase" error={errorAt(errors, "currency")} {...register("currency")} />
                <InputField label="Locale" list="invobi-locales" error={errorAt(errors, "locale")} {...register("locale")} />
              </div>
              <InputField label="Title" placeholder="e.g. Website redesign, March" fieldClassName="span-2" error={errorAt(errors, "title")} {...register("title")} />
              <InputField label="Issue date" type="date" error={errorAt(errors, "issuedAt")} {...register("issuedAt")} />
              <InputField label="Due date" type="date" hint="Empty: 30 days after issue." error={errorAt(errors, "dueAt")} {...register("dueAt")} />
            </div>
            <datalist id="invobi-currencies">
              {COMMON_CURRENCIES.map((code) => (
                <option key={code} value={code} />
              ))}
            </datalist>
            <datalist id="invobi-locales">
              {COMMON_LOCALES.map((code) => (
                <option key={code} value={code} />
              ))}
            </datalist>
          </Card>

          <Card title="Bill to">
            <div className="grid grid-2">
              <InputField label="Customer name" autoComplete="off" error={errorAt(errors, "customer.name")} {...register("customer.name")} />
              <InputField label="Customer email" type="email" autoComplete="off" error={errorAt(errors, "customer.email")} {...register("customer.email")} />
              <InputField label="Address" fieldClassName="span-2" error={errorAt(errors, "customer.address")} {...register("customer.address")} />
              <InputField label="City" error={errorAt(errors, "customer.city")} {...register("customer.city")} />
              <InputField label="State / region" error={errorAt(errors, "customer.state")} {...register("customer.state")} />
              <InputField label="Postal code" error={errorAt(errors, "customer.zip")} {...register("customer.zip")} />
              <InputField label="Country" error={errorAt(errors, "customer.country")} {...register("customer.country")} />
            </div>
            <details className="disclosure" open={hasAny(defaultValues.toDetails) || Boolean(defaultValues.customer.ref || defaultValues.customer.logoUrl) || undefined}>
              <summary>More recipient details</summary>
              <div className="grid grid-2">
                <InputField label="Customer reference" hint="Your own id for this customer." error={errorAt(errors, "customer.ref")} {...register("customer.ref")} />
                <InputField label="Customer logo URL" type="url" placeholder="https://…" error={errorAt(errors, "customer.logoUrl")} {...register("customer.logoUrl")} />
              </div>
              <DetailLinesEditor
                name="toDetails"
                legend="Recipient lines"
                hint="Printed in the “Bill to” block. Leave empty to build them from the customer fields above."
                control={control}
                register={register}
                errors={errors}
              />
            </details>
          </Card>
        </div>

        <Card title="Line items">
          <div className="items" role="table" aria-label="Line items">
            <div className="items-head" role="row">
              <span role="columnheader">Description</span>
              <span role="columnheader" className="num">Qty</span>
              <span role="columnheader">Unit</span>
              <span role="columnheader" className="num">Unit price</span>
              <span role="columnheader" className="num">Disc. %</span>
              <span role="columnheader" className="num">Tax %</span>
              <span role="columnheader" className="num">Amount</span>
              <span role="columnheader">
                <span className="sr-only">Reorder or remove</span>
              </span>
            </div>
            {items.fields.map((field, index) => {
              const n = index + 1;
              const net = preview.lineNets[index];
              return (
                <div className="item-row" role="row" key={field.id} ref={reorder.rowRef(field.id)}>
                  <div className="item-index" aria-hidden="true">
                    Item {n}
                  </div>
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">description</span></>}
                    hideLabel
                    placeholder="What did you deliver?"
                    fieldClassName="item-description"
                    error={errorAt(errors, `items.${index}.description`)}
                    {...register(`items.${index}.description`)}
                  />
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">quantity</span></>}
                    hideLabel
                    inputMode="decimal"
                    className="num"
                    fieldClassName="item-qty"
                    error={errorAt(errors, `items.${index}.quantity`)}
                    {...register(`items.${index}.quantity`)}
                  />
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">unit</span></>}
                    hideLabel
                    placeholder="hour"
                    fieldClassName="item-unit"
                    error={errorAt(errors, `items.${index}.unit`)}
                    {...register(`items.${index}.unit`)}
                  />
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">unit price</span></>}
                    hideLabel
                    inputMode="decimal"
                    placeholder="0.00"
                    className="num"
                    fieldClassName="item-price"
                    error={errorAt(errors, `items.${index}.unitPrice`)}
                    {...register(`items.${index}.unitPrice`)}
                  />
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">discount percent</span></>}
                    hideLabel
                    inputMode="decimal"
                    placeholder="—"
                    className="num"
                    fieldClassName="item-discount"
                    error={errorAt(errors, `items.${index}.discountPercent`)}
                    {...register(`items.${index}.discountPercent`)}
                  />
                  <InputField
                    label={<><span className="sr-only">Item {n} </span><span className="item-field-name">tax percent</span></>}
                    hideLabel
                    inputMode="decimal"
                    placeholder="—"
                    className="num"
                    fieldClassName="item-tax"
                    error={errorAt(errors, `items.${index}.taxPercent`)}
                    {...register(`items.${index}.taxPercent`)}
                  />
                  <div className="item-amount num" role="cell" aria-label={`Item ${n} amount`}>
                    {net === null || net === undefined ? <span className="muted">—</span> : safeFormatMoney(net, displayCurrency, displayLocale)}
                  </div>
                  <div className="item-actions" role="cell">
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon btn-sm"
                      data-move="up"
                      onClick={() => reorder.move(index, -1)}
                      disabled={index === 0}
                      aria-label={`Move item ${n} up`}
                      title="Move up"
                    >
                      <ChevronUpIcon />
                    </button>
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon btn-sm"
                      data-move="down"
                      onClick={() => reorder.move(index, 1)}
                      disabled={index === items.fields.length - 1}
                      aria-label={`Move item ${n} down`}
                      title="Move down"
                    >
                      <ChevronDownIcon />
                    </button>
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon btn-sm"
                      onClick={() => items.remove(index)}
                      disabled={items.fields.length === 1}
                      aria-label={`Remove item ${n}`}
                      title="Remove item"
                    >
                      <TrashIcon />
                    </button>
                  </div>
                </div>
              );
            })}
          </div>
          <p className="sr-only" aria-live="polite" aria-atomic="true">
            {reorder.announcement}
          </p>
          {itemsError ? <p className="field-error" role="alert">{itemsError}</p> : null}
          <Button size="sm" icon={<PlusIcon />} onClick={() => items.append(emptyItem(), { shouldFocus: true, focusName: `items.${items.fields.length}.description` })}>
            Add item
          </Button>
        </Card>

        <div className="form-cols form-cols-summary">
        <Card title="Discounts & taxes" description="Invoice taxes apply to the whole discounted amount; line taxes (Tax % above) only to their line.">
          <div className="stack">
            <fieldset className="subsection">
              <legend>Discounts</legend>
              {discounts.fields.length === 0 ? <p className="muted small">No discounts.</p> : null}
              {discounts.fields.map((field, index) => {
                const n = index + 1;
                return (
                  <div className="mini-row discount-row" key={field.id}>
                    <InputField label={`Discount ${n} description`} hideLabel placeholder="Description" error={errorAt(errors, `discounts.${index}.description`)} {...register(`discounts.${index}.description`)} />
                    <SelectField label={`Discount ${n} kind`} hideLabel error={errorAt(errors, `discounts.${index}.kind`)} {...register(`discounts.${index}.kind`)}>
                      <option value="percent">%</option>
                      <option value="fixed">Amount</option>
                    </SelectField>
                    <InputField label={`Discount ${n} value`} hideLabel inputMode="decimal" placeholder="0" className="num" error={errorAt(errors, `discounts.${index}.value`)} {...register(`discounts.${index}.value`)} />
                    <button type="button" className="btn btn-ghost btn-icon" onClick={() => discounts.remove(index)} aria-label={`Remove discount ${n}`}>
                      <TrashIcon />
                    </button>
                  </div>
                );
              })}
              <Button size="sm" icon={<PlusIcon />} onClick={() => discounts.append({ description: "", kind: "percent", value: "" })}>
                Add discount
              </Button>
            </fieldset>
            <fieldset className="subsection">
              <legend>Taxes</legend>
              {taxes.fields.length === 0 ? <p className="muted small">No invoice taxes.</p> : null}
              {taxes.fields.map((field, index) => {
                const n = index + 1;
                return (
                  <div className="mini-row tax-row" key={field.id}>
                    <InputField label={`Tax ${n} name`} hideLabel placeholder="e.g. VAT" error={errorAt(errors, `taxes.${index}.name`)} {...register(`taxes.${index}.name`)} />
                    <div className="input-suffix">
                      <InputField label={`Tax ${n} rate`} hideLabel inputMode="decimal" placeholder="0" className="num" error={errorAt(errors, `taxes.${index}.rate`)} {...register(`taxes.${index}.rate`)} />
                      <span aria-hidden="true">%</span>
                    </div>
                    <button type="button" className="btn btn-ghost btn-icon" onClick={() => taxes.remove(index)} aria-label={`Remove tax ${n}`}>
                      <TrashIcon />
                    </button>
                  </div>
                );
              })}
              <Button size="sm" icon={<PlusIcon />} onClick={() => taxes.append({ name: "Tax", rate: "" }, { shouldFocus: true, focusName: `taxes.${taxes.fields.length}.rate` })}>
                Add tax
              </Button>
            </fieldset>
          </div>
        </Card>
        <TotalsPreviewPanel preview={preview} locale={displayLocale} />
        </div>

        <Card title="From & payment">
          <div className="grid grid-2 align-start">
            <DetailLinesEditor
              name="fromDetails"
              legend="From"
              hint="Your business as printed on the invoice. Defaults come from settings."
              control={control}
              register={register}
              errors={errors}
            />
            <DetailLinesEditor
              name="paymentDetails"
              legend="Payment details"
              hint="Bank account, IBAN, payment link…"
              control={control}
              register={register}
              errors={errors}
            />
          </div>
          <TextareaField label="Notes" rows={3} placeholder="Thank you for your business!" error={errorAt(errors, "notes")} {...register("notes")} />
        </Card>
        <div className="form-footer">
          <div className="form-footer-total">
            <span className="muted">Total</span>
            <strong data-testid="footer-total">
              {preview.totals ? safeFormatMoney(preview.totals.totalMinor, displayCurrency, displayLocale) : "—"}
            </strong>
          </div>
          <div className="form-footer-actions">
            {onCancel ? (
              <Button variant="ghost" onClick={onCancel}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" variant="primary" busy={isSubmitting}>
              {submitLabel ?? (props.mode === "create" ? "Create invoice" : "Save changes")}
            </Button>
          </div>
        </div>
      </div>

    </form>
  );
}

/**
 * Move up / Move down for line items. Focus follows the moved line: it stays on the
 * same arrow of that line in its new place, or moves to the other arrow when the
 * line reached an end (where its arrow is disabled). Screen readers hear where it went.
 */
function useItemReorder(
  fields: readonly { id: string }[],
  move: (from: number, to: number) => void,
  describe: (index: number) => string | undefined,
) {
  const rows = useRef(new Map<string, HTMLDivElement>());
  /** The line just moved, whose arrow gets the focus once it is drawn in its new place. */
  const pending = useRef<{ id: string; direction: "up" | "down" } | null>(null);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const moved = pending.current;
    if (!moved) return;
    pending.current = null;
    const row = rows.current.get(moved.id);
    const same = row?.querySelector<HTMLButtonElement>(`[data-move="${moved.direction}"]`);
    const other = row?.querySelector<HTMLButtonElement>(`[data-move="${moved.direction === "up" ? "down" : "up"}"]`);
    (same && !same.disabled ? same : other)?.focus();
  }, [fields]);

  return {
    announcement,
    rowRef: (id: string) => (node: HTMLDivElement | null) => {
      if (node) rows.current.set(id, node);
      else rows.current.delete(id);
    },
    move(index: number, delta: -1 | 1) {
      const to = index + delta;
      const field = fields[index];
      if (!field || to < 0 || to >= fields.length) return;
      const name = describe(index)?.trim();
      move(index, to);
      pending.current = { id: field.id, direction: delta < 0 ? "up" : "down" };
      setAnnouncement(`${name ? `“${name}”` : `Item ${index + 1}`} moved to line ${to + 1} of ${fields.length}.`);
    },
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hasAny(lines: readonly { label: string; value: string }[]): boolean {
  return lines.some((line) => line.label.trim() || line.value.trim());
}

function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== "object") return 0;
  if ("message" in errors && typeof (errors as { message: unknown }).message === "string") return 1;
  return Object.entries(errors as Record<string, unknown>).reduce(
    (sum, [key, value]) => (key === "ref" ? sum : sum + countErrors(value)),
    0,
  );
}

function DetailLinesEditor({
  name,
  legend,
  hint,
  control,
  register,
  errors,
}: {
  name: DetailArrayName;
  legend: ReactNode;
  hint?: ReactNode;
  control: Control<InvoiceFormValues>;
  register: UseFormRegister<InvoiceFormValues>;
  errors: FieldErrors<InvoiceFormValues>;
}) {
  const lines = useFieldArray({ control, name });
  const noun = name === "fromDetails" ? "From line" : name === "toDetails" ? "Recipient line" : "Payment line";
  return (
    <fieldset className="subsection">
      <legend>{legend}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {lines.fields.map((field, index) => (
        <div className={cx("mini-row detail-row")} key={field.id}>
          <InputField label={`${noun} ${index + 1} label`} hideLabel placeholder="Label" error={errorAt(errors, `${name}.${index}.label`)} {...register(`${name}.${index}.label`)} />
          <InputField label={`${noun} ${index + 1} value`} hideLabel placeholder="Value" error={errorAt(errors, `${name}.${index}.value`)} {...register(`${name}.${index}.value`)} />
          <button type="button" className="btn btn-ghost btn-icon" onClick={() => lines.remove(index)} aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}>
            <TrashIcon />
          </button>
        </div>
      ))}
      <Button size="sm" icon={<PlusIcon />} onClick={() => lines.append(emptyDetailLine(), { shouldFocus: true, focusName: `${name}.${lines.fields.length}.label` })}>
        Add line
      </Button>
    </fieldset>
  );
}
