import { Link, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { ArrowLeftIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, PageHeader } from "../../components/ui.tsx";
import type { InvoiceDetailFragment } from "../../gql/graphql.ts";
import { todayIn } from "../../lib/dates.ts";
import type { Viewer } from "../auth/queries.ts";
import { invoiceToFormValues, newInvoiceValues } from "./form-model.ts";
import { InvoiceForm } from "./InvoiceForm.tsx";
import { useCreateInvoice, useUpdateInvoice } from "./queries.ts";

export function InvoiceCreatePage({ viewer }: { viewer: Viewer }) {
  const create = useCreateInvoice();
  const navigate = useNavigate();
  const toast = useToast();
  const defaults = useMemo(() => newInvoiceValues(viewer, todayIn(viewer.timezone)), [viewer]);
  return (
    <>
      <PageHeader
        back={
          <Link to="/invoices" className="back-link">
            <ArrowLeftIcon /> Invoices
          </Link>
        }
        title="New invoice"
        subtitle="Fill in what you know. Everything but the line items has a sensible default."
      />
      <InvoiceForm
        mode="create"
        defaultValues={defaults}
        onCancel={() => void navigate({ to: "/invoices" })}
        onSubmit={async (input) => {
          const invoice = await create.mutateAsync(input);
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
      {invoice.status === "CANCELLED" ? (
        <Alert tone="warning">This invoice is cancelled; it can no longer be changed.</Alert>
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
