/**
 * GraphQL translation of the invoice service: types, the invoices connection and
 * mutations. Reads spread Pothos' `query` into Prisma calls so nested selections
 * load without N+1; writes call the service and re-read with `query`.
 */
import { queryFromInfo } from "@pothos/plugin-prisma";
import type { Invoice } from "../../db/generated/sqlite/client.ts";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { INVOICE_STATUSES, type InvoiceStatus } from "../../../common/invoice/types.ts";
import { computeTotals } from "../../../common/money/index.ts";
import { serviceContext, viewerToday, type RequestContext } from "../../context.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import { rawIdOf } from "../../graphql/ids.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { builder, connectionComplexity } from "../../graphql/builder.ts";
import { cursorConnection, totalCountOf } from "../../graphql/connections.ts";
import { detailLines } from "../../db/json.ts";
import { DetailLineInput, DetailLineRef } from "../../graphql/types/detail-line.ts";
import { MoneyRef, money } from "../../graphql/types/money.ts";
import {
  createInvoice,
  deleteInvoice,
  countInvoices,
  DEFAULT_ORDER,
  encodeInvoiceCursor,
  getInvoice,
  invoiceWhere,
  listInvoicesWindow,
  markInvoicePaid,
  markInvoiceUnpaid,
  setInvoiceStatus,
  updateInvoice,
  isOverdue,
  type InvoiceOrder,
} from "./invoices.service.ts";
import { customerOfRow } from "./invoice.mapper.ts";

export const InvoiceStatusEnum = builder.enumType("InvoiceStatus", {
  values: Object.fromEntries(INVOICE_STATUSES.map((s) => [s.toUpperCase(), { value: s }])) as Record<
    "DRAFT" | "SENT" | "PAID" | "CANCELLED",
    { value: InvoiceStatus }
  >,
});

const DiscountKindEnum = builder.enumType("DiscountKind", {
  values: { PERCENT: { value: "percent" }, FIXED: { value: "fixed" } } as const,
});

export const invoiceIdFrom = (id: string | number): string => rawIdOf(id, "Invoice");

const LINES_SELECT = {
  currency: true,
  locale: true,
  items: { orderBy: { position: "asc" } },
  discounts: { orderBy: { position: "asc" } },
  taxes: { orderBy: { position: "asc" } },
} as const;

interface CustomerShape {
  ref: string | null;
  name: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  logoUrl: string | null;
}

const CustomerRef = builder.objectRef<CustomerShape>("Customer").implement({
  description: "Structured customer fields (the basic invoice API's customer object).",
  fields: (t) => ({
    ref: t.exposeString("ref", { nullable: true, description: "The caller's own customer id." }),
    name: t.exposeString("name", { nullable: true }),
    email: t.exposeString("email", { nullable: true }),
    address: t.exposeString("address", { nullable: true }),
    city: t.exposeString("city", { nullable: true }),
    state: t.exposeString("state", { nullable: true }),
    zip: t.exposeString("zip", { nullable: true }),
    country: t.exposeString("country", { nullable: true }),
    logoUrl: t.exposeString("logoUrl", { nullable: true }),
  }),
});

export interface TaxLineShape {
  name: string;
  rate: string;
  base: bigint;
  amount: bigint;
  currency: string;
  locale: string;
}

export const TaxLineRef = builder.objectRef<TaxLineShape>("TaxLine").implement({
  description: "One tax per distinct name and rate, computed once on that group's base (EN 16931 BR-CO-17).",
  fields: (t) => ({
    name: t.exposeString("name"),
    rate: t.field({ type: "Decimal", resolve: (l) => l.rate }),
    base: t.field({ type: MoneyRef, resolve: (l) => money(l.base, l.currency, l.locale) }),
    amount: t.field({ type: MoneyRef, resolve: (l) => money(l.amount, l.currency, l.locale) }),
  }),
});

export interface AppliedDiscountShape {
  description: string | null;
  kind: "percent" | "fixed";
  value: string;
  amount: bigint;
  currency: string;
  locale: string;
}

export const AppliedDiscountRef = builder.objectRef<AppliedDiscountShape>("AppliedDiscount").implement({
  fields: (t) => ({
    description: t.exposeString("description", { nullable: true }),
    kind: t.field({ type: DiscountKindEnum, resolve: (d) => d.kind }),
    value: t.field({ type: "Decimal", resolve: (d) => d.value }),
    amount: t.field({ type: MoneyRef, resolve: (d) => money(d.amount, d.currency, d.locale) }),
  }),
});

export interface TotalsShape {
  currency: string;
  locale: string;
  totals: ReturnType<typeof computeTotals>;
}

export const InvoiceTotalsRef = builder.objectRef<TotalsShape>("InvoiceTotals").implement({
  description: "Every component of the invoice's total, as the PDF and REST show it.",
  fields: (t) => ({
    subtotal: t.field({ type: MoneyRef, resolve: (s) => money(s.totals.subtotalMinor, s.currency, s.locale) }),
    discounts: t.field({
      type: [AppliedDiscountRef],
      resolve: (s) =>
        s.totals.discounts.map((d) => ({ ...d, amount: d.amountMinor, currency: s.currency, locale: s.locale })),
    }),
    discountTotal: t.field({ type: MoneyRef, resolve: (s) => money(s.totals.discountTotalMinor, s.currency, s.locale) }),
    taxable: t.field({ type: MoneyRef, resolve: (s) => money(s.totals.taxableMinor, s.currency, s.locale) }),
    taxes: t.field({
      type: [TaxLineRef],
      resolve: (s) =>
        s.totals.taxes.map((x) => ({ name: x.name, rate: x.rate, base: x.baseMinor, amount: x.amountMinor, currency: s.currency, locale: s.locale })),
    }),
    taxTotal: t.field({ type: MoneyRef, resolve: (s) => money(s.totals.taxTotalMinor, s.currency, s.locale) }),
    total: t.field({ type: MoneyRef, resolve: (s) => money(s.totals.totalMinor, s.currency, s.locale) }),
  }),
});

builder.prismaObject("InvoiceItem", {
  fields: (t) => ({
    id: t.exposeID("id"),
    position: t.exposeInt("position"),
    description: t.exposeString("description"),
    quantity: t.expose("quantity", { type: "Decimal" }),
    unit: t.exposeString("unit", { nullable: true }),
    unitPrice: t.expose("unitPrice", { type: "Decimal" }),
    discountPercent: t.expose("discountPercent", { type: "Decimal", nullable: true }),
    taxPercent: t.expose("taxPercent", { type: "Decimal", nullable: true }),
    taxName: t.exposeString("taxName", { nullable: true }),
    amount: t.field({
      type: MoneyRef,
      description: "Line net: quantity × unit price − line discount, rounded to the currency.",
      select: { netMinor: true, invoice: { select: { currency: true, locale: true } } },
      resolve: (item) => money(item.netMinor, item.invoice.currency, item.invoice.locale),
    }),
  }),
});

builder.prismaObject("InvoiceDiscount", {
  fields: (t) => ({
    id: t.exposeID("id"),
    description: t.exposeString("description", { nullable: true }),
    kind: t.field({ type: DiscountKindEnum, resolve: (d) => d.kind as "percent" | "fixed" }),
    value: t.expose("value", { type: "Decimal" }),
  }),
});

builder.prismaObject("InvoiceTax", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    rate: t.expose("rate", { type: "Decimal" }),
  }),
});

export const InvoiceRef = builder.prismaNode("Invoice", {
  id: { field: "id" },
  authScopes: { read: true },
  // node(id:) must never load another account's invoice.
  findUnique: (id, ctx) => ({ id, userId: ctx.viewer?.user.id ?? "" }),
  fields: (t) => ({
    rawId: t.exposeString("id", { description: "The id REST uses (/api/v1/invoices/:id)." }),
    number: t.exposeString("number"),
    title: t.exposeString("title"),
    status: t.field({ type: InvoiceStatusEnum, resolve: (i) => i.status as InvoiceStatus }),
    issuedAt: t.expose("issuedAt", { type: "Date" }),
    dueAt: t.expose("dueAt", { type: "Date" }),
    paidAt: t.expose("paidAt", { type: "Date", nullable: true }),
    isOverdue: t.boolean({
      description: "Due date passed (in the account's time zone) and neither paid nor cancelled.",
      resolve: (i, _args, ctx) => isOverdue(i, viewerToday(ctx)),
    }),
    currency: t.exposeString("currency"),
    locale: t.exposeString("locale"),
    notes: t.exposeString("notes", { nullable: true }),
    fromDetails: t.field({ type: [DetailLineRef], resolve: (i) => detailLines(i.fromDetails) }),
    toDetails: t.field({ type: [DetailLineRef], resolve: (i) => detailLines(i.toDetails) }),
    paymentDetails: t.field({ type: [DetailLineRef], resolve: (i) => detailLines(i.paymentDetails) }),
    customer: t.field({
      type: CustomerRef,
      resolve: (i) => customerOfRow(i),
    }),
    items: t.relation("items", { query: { orderBy: { position: "asc" } } }),
    discounts: t.relation("discounts", { query: { orderBy: { position: "asc" } } }),
    taxes: t.relation("taxes", { query: { orderBy: { position: "asc" } } }),
    total: t.field({
      type: MoneyRef,
      description: "The total due (stored with the invoice, cheap for lists).",
      resolve: (i) => money(i.totalMinor, i.currency, i.locale),
    }),
    totals: t.field({
      type: InvoiceTotalsRef,
      select: LINES_SELECT,
      resolve: (i) => ({
        currency: i.currency,
        locale: i.locale,
        totals: computeTotals({
          currency: i.currency,
          items: i.items,
          discounts: i.discounts.map((d) => ({ ...d, kind: d.kind as "percent" | "fixed" })),
          taxes: i.taxes,
        }),
      }),
    }),
    prompt: t.relation("prompt", { nullable: true, description: "The saved prompt this invoice was generated from, if any." }),
    promptText: t.exposeString("promptText", { nullable: true, description: "The words the invoice was generated from." }),
    llmProvider: t.exposeString("llmProvider", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------- inputs

const LineItemInput = builder.inputType("LineItemInput", {
  fields: (t) => ({
    description: t.string({ required: true }),
    quantity: t.field({ type: "Decimal", required: true }),
    unit: t.string(),
    unitPrice: t.field({ type: "Decimal", required: true, description: "Major units; up to 4 decimals beyond the currency's." }),
    discountPercent: t.field({ type: "Decimal" }),
    taxPercent: t.field({ type: "Decimal" }),
    taxName: t.string(),
  }),
});

const DiscountInput = builder.inputType("DiscountInput", {
  fields: (t) => ({
    description: t.string(),
    kind: t.field({ type: DiscountKindEnum, required: true }),
    value: t.field({ type: "Decimal", required: true, description: "A percentage, or an amount in major units." }),
  }),
});

const TaxInput = builder.inputType("TaxInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    rate: t.field({ type: "Decimal", required: true }),
  }),
});

const CustomerInput = builder.inputType("CustomerInput", {
  fields: (t) => ({
    ref: t.string(),
    name: t.string(),
    email: t.string(),
    address: t.string(),
    city: t.string(),
    state: t.string(),
    zip: t.string(),
    country: t.string(),
    logoUrl: t.string(),
  }),
});

const invoiceInputFields = (t: PothosSchemaTypes.InputFieldBuilder<any, "InputObject">, itemsRequired: boolean) => ({
  number: t.string(),
  title: t.string(),
  status: t.field({ type: InvoiceStatusEnum }),
  issuedAt: t.field({ type: "Date" }),
  dueAt: t.field({ type: "Date" }),
  paidAt: t.field({ type: "Date" }),
  currency: t.string(),
  locale: t.string(),
  notes: t.string(),
  fromDetails: t.field({ type: [DetailLineInput] }),
  toDetails: t.field({ type: [DetailLineInput] }),
  paymentDetails: t.field({ type: [DetailLineInput] }),
  customer: t.field({ type: CustomerInput }),
  items: t.field({ type: [LineItemInput], required: itemsRequired }),
  discounts: t.field({ type: [DiscountInput] }),
  taxes: t.field({ type: [TaxInput] }),
});

const InvoiceOriginInput = builder.inputType("InvoiceOriginInput", {
  description: "Where an invoice came from, when it was generated from words and reviewed before saving.",
  fields: (t) => ({
    promptText: t.string({ description: "The words the invoice was generated from." }),
    promptId: t.id({ description: "The saved prompt used (global or raw id)." }),
    llmProvider: t.string({ description: 'The llm_provider value used, e.g. "offline" or "gemini-25-flash".' }),
  }),
});

const CreateInvoiceInput = builder.inputType("CreateInvoiceInput", {
  description: "Structured invoice. Only items are required; everything else has the account's defaults.",
  fields: (t) => ({
    ...invoiceInputFields(t, true),
    origin: t.field({ type: InvoiceOriginInput, description: "Where the invoice came from, when it was generated from words." }),
  }),
});

const UpdateInvoiceInput = builder.inputType("UpdateInvoiceInput", {
  description: "Partial update: only the fields given change; items, discounts and taxes replace as a whole.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID or REST id." }), ...invoiceInputFields(t, false) }),
});

/** The input of a mutation that names one invoice and nothing else. */
export const invoiceIdInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true, description: "Global ID or REST id." }) }) });

/** GraphQL `null` on a field the service does not accept as null means "not given". */
function withoutNulls(input: Record<string, unknown>, nullable: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || nullable.includes(k))));
}

// ---------------------------------------------------------------- queries

const InvoiceSortFieldEnum = builder.enumType("InvoiceSortField", {
  values: {
    ISSUED_AT: { value: "issuedAt" },
    DUE_AT: { value: "dueAt" },
    CREATED_AT: { value: "createdAt" },
    TOTAL: { value: "total" },
    NUMBER: { value: "number" },
  } as const,
});

const SortDirectionEnum = builder.enumType("SortDirection", {
  values: { ASC: { value: "asc" }, DESC: { value: "desc" } } as const,
});

const InvoiceOrderInput = builder.inputType("InvoiceOrder", {
  fields: (t) => ({
    field: t.field({ type: InvoiceSortFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: true }),
  }),
});

const InvoiceFilterInput = builder.inputType("InvoiceFilter", {
  fields: (t) => ({
    paid: t.boolean({ description: "true: has a paid date; false: has none." }),
    status: t.field({ type: [InvoiceStatusEnum] }),
    overdue: t.boolean(),
    search: t.string({ description: "Case-insensitive text over title, number and customer." }),
    issuedFrom: t.field({ type: "Date" }),
    issuedTo: t.field({ type: "Date" }),
  }),
});

builder.queryField("invoice", (t) =>
  t.prismaField({
    type: InvoiceRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: "Global ID or REST id." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.invoice.findFirst({ ...withId(query), where: { id: invoiceIdFrom(args.id), userId: ctx.viewer!.user.id } }),
  }),
);

builder.queryField("invoices", (t) =>
  t.connection(
    {
      type: InvoiceRef,
      authScopes: { read: true },
      complexity: connectionComplexity,
      args: {
        filter: t.arg({ type: InvoiceFilterInput }),
        orderBy: t.arg({ type: InvoiceOrderInput }),
      },
      resolve: async (_root, args, ctx, info) => {
        // Pothos' include for the selected nodes: every column (the sort value the cursor holds) plus the relations asked for.
        const query = queryFromInfo({ context: ctx, info, path: ["edges", "node"] }) as Parameters<typeof listInvoicesWindow>[4];
        const order: InvoiceOrder = args.orderBy ?? DEFAULT_ORDER;
        const filter = args.filter ? { ...args.filter, status: (args.filter.status ?? null) as InvoiceStatus[] | null } : undefined;
        const services = serviceContext(ctx);
        const where = await invoiceWhere(services, filter);
        return cursorConnection(
          args,
          (node: Invoice) => encodeInvoiceCursor({ ...node }, order),
          (window) => listInvoicesWindow<Invoice>(services, where, order, window, query),
          () => countInvoices(services, where),
        );
      },
    },
    {
      name: "InvoiceConnection",
      fields: (c) => ({
        totalCount: c.int({
          description: "Invoices matching the filter, across all pages.",
          resolve: totalCountOf,
        }),
      }),
    },
    { name: "InvoiceEdge" },
  ),
);

// ---------------------------------------------------------------- mutations

/** Every invoice mutation needs WRITE; a caller without it gets the ForbiddenError member. */
export const INVOICE_WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

function reread(ctx: RequestContext, query: object, id: string) {
  return ctx.db.invoice.findUniqueOrThrow({ ...withId(query as {}), where: { id } });
}

builder.mutationField("createInvoice", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    args: { input: t.arg({ type: CreateInvoiceInput, required: true }) },
    resolve: async (query, _root, { input: { origin, ...input } }, ctx) => {
      const invoice = await createInvoice(serviceContext(ctx), withoutNulls(input, ["notes", "paidAt"]), {
        promptText: origin?.promptText ?? null,
        promptId: origin?.promptId ? rawIdOf(origin.promptId, "Prompt") : null,
        llmProvider: origin?.llmProvider ?? null,
      });
      return reread(ctx, query, invoice.id);
    },
  }),
);

builder.mutationField("updateInvoice", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    args: { input: t.arg({ type: UpdateInvoiceInput, required: true }) },
    resolve: async (query, _root, { input: { id, ...input } }, ctx) => {
      const invoice = await updateInvoice(serviceContext(ctx), invoiceIdFrom(id), withoutNulls(input, ["notes", "paidAt"]));
      return reread(ctx, query, invoice.id);
    },
  }),
);

/** The success of a delete: the deleted node's global id (deleteInvoice, deletePrompt, deleteLabel). */
export const deleteSuccess = (name: string) =>
  builder.objectRef<{ deletedId: string }>(name).implement({
    fields: (t) => ({ deletedId: t.exposeID("deletedId", { description: "Global ID of the deleted node." }) }),
  });

builder.mutationField("deleteInvoice", (t) =>
  t.field({
    type: deleteSuccess("DeleteInvoiceSuccess"),
    authScopes: { write: true },
    errors: { types: [NotFoundError, ForbiddenError], directResult: true },
    args: { input: t.arg({ type: invoiceIdInput("DeleteInvoiceInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const invoice = await getInvoice(serviceContext(ctx), invoiceIdFrom(input.id));
      await deleteInvoice(serviceContext(ctx), invoice.id);
      return { deletedId: encodeGlobalID("Invoice", invoice.id) };
    },
  }),
);

const MarkInvoicePaidInput = builder.inputType("MarkInvoicePaidInput", {
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID or REST id." }),
    paidAt: t.field({ type: "Date", description: "Defaults to today in your time zone." }),
  }),
});

builder.mutationField("markInvoicePaid", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    args: { input: t.arg({ type: MarkInvoicePaidInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const invoice = await markInvoicePaid(serviceContext(ctx), invoiceIdFrom(input.id), input.paidAt ?? null);
      return reread(ctx, query, invoice.id);
    },
  }),
);

builder.mutationField("markInvoiceUnpaid", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    args: { input: t.arg({ type: invoiceIdInput("MarkInvoiceUnpaidInput"), required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const invoice = await markInvoiceUnpaid(serviceContext(ctx), invoiceIdFrom(input.id));
      return reread(ctx, query, invoice.id);
    },
  }),
);

const SetInvoiceStatusInput = builder.inputType("SetInvoiceStatusInput", {
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID or REST id." }),
    status: t.field({ type: InvoiceStatusEnum, required: true }),
  }),
});

builder.mutationField("setInvoiceStatus", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    args: { input: t.arg({ type: SetInvoiceStatusInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const invoice = await setInvoiceStatus(serviceContext(ctx), invoiceIdFrom(input.id), input.status);
      return reread(ctx, query, invoice.id);
    },
  }),
);
