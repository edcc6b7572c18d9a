/**
 * The generated invoice, editable in place, with what to do with it: "Save invoice"
 * stores exactly what is shown (checked first with the rules the server applies),
 * "Edit all fields" opens the invoice editor prefilled with it, "Discard" drops it.
 */
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useRef, useState } from "react";
import { CheckIcon, EditIcon, XIcon } from "../../components/icons.tsx";
import { MissingWarnings } from "../../components/MissingWarnings.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, ConfirmDialog } from "../../components/ui.tsx";
import type { InvoiceOriginInput } from "../../gql/graphql.ts";
import { mapServerIssues, toCreateInput, type InvoiceFormValues, type InvoiceInput } from "../../lib/invoice-form/form-model.ts";
import { describeMissing } from "../../lib/invoice-form/missing.ts";
import { safeFormatMoney } from "../../lib/invoice-form/money.ts";
import { errorMessage, humanPath, MutationError } from "../../lib/result.ts";
import { EditablePreview, ReadBy } from "./GeneratedPreview.tsx";
import { checkDraft, draftTotals, INLINE_FIELD, INLINE_MISSING, openMissing, settleDraft } from "./preview-model.ts";
import { providerName } from "./providers.ts";
import type { GeneratedInvoice } from "./queries.ts";
import { clearGeneratedResult } from "./session.ts";

/** Stores the invoice (the route supplies it: creating invoices is the invoices feature's). */
export type CreateInvoice = (variables: { input: InvoiceInput; origin: InvoiceOriginInput }) => Promise<{ number: string; rawId: string }>;

/** Inline fields in the order they appear, for focusing the first one with a problem. */
function fieldOrder(name: string): number {
  const item = /^items\.(\d+)\.(\w+)$/.exec(name);
  if (item) return 10 + Number(item[1]) * 3 + ["description", "quantity", "unitPrice"].indexOf(item[2]!);
  return ["title", "dueAt", "customer.name"].indexOf(name);
}

const describeField = (name: string, message: string) => `${humanPath(name.split("."))}: ${message}`;

export function PreviewPanel({
  data,
  values,
  edited,
  onEdit,
  onDiscard,
  stale,
  prompt,
  origin,
  createInvoice,
}: {
  data: GeneratedInvoice;
  values: InvoiceFormValues;
  edited: boolean;
  onEdit: (values: InvoiceFormValues) => void;
  onDiscard: () => void;
  stale: boolean;
  prompt: string;
  origin: InvoiceOriginInput;
  createInvoice: CreateInvoice;
}) {
  const navigate = useNavigate();
  const toast = useToast();
  const fields = useRef(new Map<string, HTMLElement>());
  /** After a refused save, every problem shows on its field (empty required fields too), and keeps updating. */
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  /** Problems the preview has no field for: the full editor does. */
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [createError, setCreateError] = useState<string | null>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [saving, setSaving] = useState(false);

  const live = useMemo(() => draftTotals(values), [values]);
  const problems = useMemo(() => (attempted ? checkDraft(values) : null), [attempted, values]);
  const open = openMissing(data.missing, data.preview, values);
  const notes = open.map((path) => describeMissing(path, data.preview));
  const needsEditor = open.some((path) => !INLINE_MISSING.includes(path));
  const errorFor = (name: string) => serverErrors[name] ?? live.fieldErrors[name] ?? problems?.fields[name];

  const change = (next: InvoiceFormValues, what: { field?: string; lines?: boolean }) => {
    onEdit(next);
    // Server messages are about what was sent: gone once the field (or the lines' positions) changed.
    if (what.lines) setServerErrors({});
    else if (what.field && serverErrors[what.field]) setServerErrors(({ [what.field!]: _, ...rest }) => rest);
  };

  const focusFirst = (names: readonly string[]) => {
    const first = [...names].sort((a, b) => fieldOrder(a) - fieldOrder(b))[0];
    if (first) fields.current.get(first)?.focus();
  };

  const openEditor = (from: InvoiceFormValues = settleDraft(values)) =>
    navigate({
      to: "/invoices/new",
      state: {
        generatedDraft: {
          values: from,
          missing: openMissing(data.missing, data.preview, from),
          prompt,
          providerName: providerName(data.provider),
          origin,
        },
      },
    });

  const save = async () => {
    setCreateError(null);
    const settled = settleDraft(values);
    if (settled !== values) onEdit(settled);
    const check = checkDraft(settled);
    const liveNow = draftTotals(settled);
    const all = { ...check.fields, ...liveNow.fieldErrors };
    const inline = Object.keys(all).filter((name) => INLINE_FIELD.test(name));
    const other = [
      ...Object.entries(all)
        .filter(([name]) => !INLINE_FIELD.test(name))
        .map(([name, message]) => describeField(name, message)),
      ...check.general,
      ...(liveNow.problem && Object.keys(all).length === 0 && check.general.length === 0 ? [liveNow.problem] : []),
    ];
    if (inline.length > 0 || other.length > 0) {
      setAttempted(true);
      setElsewhere(other);
      focusFirst(inline);
      return;
    }
    setElsewhere([]);
    const plan = toCreateInput(settled);
    setSaving(true);
    try {
      const invoice = await createInvoice({ input: plan.input, origin }).finally(() => setSaving(false));
      clearGeneratedResult();
      toast.show(`${invoice.number} created`);
      await navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.rawId } });
    } catch (error) {
      if (error instanceof MutationError && error.typename === "ValidationError" && error.issues.length > 0) {
        const mapped = mapServerIssues(error.issues, plan.fieldFor);
        const onFields = mapped.fields.filter((field) => INLINE_FIELD.test(field.name));
        setServerErrors(Object.fromEntries(onFields.map((field) => [field.name, field.message])));
        const rest = [...mapped.fields.filter((field) => !INLINE_FIELD.test(field.name)).map((field) => describeField(field.name, field.message)), ...mapped.general];
        if (rest.length > 0) setCreateError(rest.join("; "));
        focusFirst(onFields.map((field) => field.name));
      } else {
        setCreateError(errorMessage(error));
      }
    }
  };

  const total = live.totals ? live.totals.totalMinor : null;
  const totalText = total === null ? null : safeFormatMoney(total, live.currency, values.locale);

  return (
    <div className="result-preview">
      <div className="result-head">
        <ReadBy data={data} />
        <p className="sr-only" role="status">
          {totalText ? (edited ? `Total ${totalText}` : `Preview ready: total ${totalText}`) : "Preview ready"}
        </p>
      </div>
      {stale ? (
        <Alert tone="info">
          You changed the description or the provider since this preview. <strong>Preview again</strong> to update it
          {edited ? " (you are asked before your edits here are replaced)" : ""}.
        </Alert>
      ) : null}
      <MissingWarnings notes={notes} />
      <EditablePreview data={data} values={values} live={live} errorFor={errorFor} onChange={change} fields={fields} stale={stale} />
      {elsewhere.length > 0 ? (
        <Alert
          title="Some details need the full editor"
          action={
            <Button size="sm" onClick={() => void openEditor()}>
              Open in the editor
            </Button>
          }
        >
          <ul className="plain-list">
            {elsewhere.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {createError ? (
        <Alert title="The invoice could not be saved" action={<Button size="sm" onClick={() => void openEditor()}>Open in the editor</Button>}>
          {createError}
        </Alert>
      ) : null}
      <div className="result-actions">
        <Button variant={needsEditor ? "secondary" : "primary"} className="btn-lg" icon={<CheckIcon />} busy={saving} onClick={() => void save()}>
          Save invoice
        </Button>
        <Button variant={needsEditor ? "primary" : "secondary"} className="btn-lg" icon={<EditIcon />} onClick={() => void openEditor()}>
          Edit all fields
        </Button>
        <Button variant="ghost" className="btn-lg result-discard" icon={<XIcon />} onClick={() => (edited ? setConfirmingDiscard(true) : onDiscard())}>
          Discard
        </Button>
        <p className="result-actions-note">
          {needsEditor
            ? "Fill in what it couldn't read with Edit all fields, or save it now and edit it later."
            : "Saved as a draft, exactly as shown. Edit all fields for the parties, dates, taxes and notes."}
        </p>
      </div>
      <ConfirmDialog
        open={confirmingDiscard}
        onClose={() => setConfirmingDiscard(false)}
        title="Discard this preview and your edits?"
        keepLabel="Keep editing"
        confirmLabel="Discard"
        busy={false}
        onConfirm={() => {
          setConfirmingDiscard(false);
          onDiscard();
        }}
      >
        <p>Your words stay in the box, so you can preview again.</p>
      </ConfirmDialog>
    </div>
  );
}
