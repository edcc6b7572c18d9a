import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { ArrowLeftIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, PageHeader } from "../../components/ui.tsx";
import type { InvoiceDetailFragment } from "../../gql/graphql.ts";
import { todayIn } from "../../lib/dates.ts";
import type { Viewer } from "../../lib/viewer.ts";
import { MissingWarnings } from "../../components/MissingWarnings.tsx";
import type { GeneratedDraft } from "../../lib/invoice-form/generated-draft.ts";
import { describeMissing } from "../../lib/invoice-form/missing.ts";
import { invoiceToFormValues, newInvoiceValues } from "../../lib/invoice-form/form-model.ts";
import { InvoiceForm } from "./InvoiceForm.tsx";
import { useCreateInvoice, useUpdateInvoice } from "./queries.ts";
import { editLock } from "./status-rules.ts";

export interface InvoiceCreatePageProps {
  viewer: Viewer;
  /** Prefilled from "Generate from words" (router history state). */
  draft?: GeneratedDraft | undefined;
  /** The invoice made from `draft` was created (the route tells the generate page to start afresh). */
  onCreatedFromDraft?: () => void;
}

export function InvoiceCreatePage({ viewer, draft, onCreatedFromDraft }: InvoiceCreatePageProps) {
  const create = useCreateInvoice();
  const navigate = useNavigate();
  const toast = useToast();
  const defaults = useMemo(() => draft?.values ?? newInvoiceValues(viewer, todayIn(viewer.timezone)), [viewer, draft]);
  const missing = useMemo(() => (draft ? draft.missing.map((path) => describeMissing(path, draft.values)) : []), [draft]);
  return (
    <>
      <PageHeader
        back={
          draft ? (
            <Link to="/invoices/generate" className="back-link">
              <ArrowLeftIcon /> Back to the preview
            </Link>
          ) : (
            <Link to="/invoices" className="back-link">
              <ArrowLeftIcon /> Invoices
            </Link>
          )
        }
        title={draft ? "Review the generated invoice" : "New invoice"}
        subtitle={
          draft
            ? `Read by ${draft.providerName} from your words. Change anything you like; nothing is saved until you create it.`
            : "Fill in what you know. Everything but the line items has a sensible default."
        }
      />
      {draft ? (
        <div className="generated-banner">
          <blockquote className="prompt-quote" aria-label="Generated from">
            {draft.prompt}
          </blockquote>
          <MissingWarnings notes={missing} footer={`Fill ${missing.length === 1 ? "it" : "them"} in below before you send the invoice.`} />
        </div>
      ) : null}
      <InvoiceForm
        mode="create"
        defaultValues={defaults}
        onCancel={() => void navigate({ to: draft ? "/invoices/generate" : "/invoices" })}
        onSubmit={async (input) => {
          const invoice = await create.mutateAsync({ input, origin: draft?.origin ?? null });
          if (draft) onCreatedFromDraft?.();
          toast.show(`${invoice.number} created`);
          await navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.rawId } });
        }}
      />
    </>
  );
}

export function InvoiceEditPage({ invoice }: { invoice: InvoiceDetailFragment }) {
  const update = useUpdateInvoice(invoice.rawId);
  const navigate = useNavigate();
  const toast = useToast();
  const defaults = useMemo(() => invoiceToFormValues(invoice), [invoice]);
  const back = () => navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.rawId } });
  return (
    <>
      <PageHeader
        back={
          <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.rawId }} className="back-link">
            <ArrowLeftIcon /> {invoice.number}
          </Link>
        }
        title={`Edit ${invoice.number}`}
        subtitle={invoice.title}
      />
      {editLock(invoice.status) ? (
        <Alert
          tone="warning"
          action={
            <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.rawId }} className="btn btn-sm btn-secondary">
              Back to {invoice.number}
            </Link>
          }
        >
          {editLock(invoice.status)}
        </Alert>
      ) : (
        <InvoiceForm
          mode="edit"
          defaultValues={defaults}
          onCancel={() => void back()}
          onSubmit={async (input) => {
            await update.mutateAsync(input);
            toast.show("Changes saved");
            await back();
          }}
        />
      )}
    </>
  );
}
