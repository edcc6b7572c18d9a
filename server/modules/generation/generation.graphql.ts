/**
 * GraphQL face of the AI invoice generator: the `generateInvoice` mutation. Success
 * carries the stored invoice (null with save: false), a preview with every total, and
 * what the prompt left to defaults; failures are typed union members
 * (ValidationError, NotFoundError, GenerationError, ForbiddenError).
 */
import { rawIdOf } from "../../graphql/ids.ts";
import type { DetailLine, InvoiceDocument, InvoiceStatus, InvoiceTotals, LineItem } from "../../../common/invoice/types.ts";
import { serviceContext } from "../../context.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import { builder } from "../../graphql/builder.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { DetailLineRef } from "../../graphql/types/detail-line.ts";
import { ErrorInterface } from "../../graphql/types/errors.ts";
import { MoneyRef, money } from "../../graphql/types/money.ts";
import { InvoiceRef, InvoiceStatusEnum, InvoiceTotalsRef } from "../invoices/invoices.graphql.ts";
import { HOSTED_MODELS, LLM_PROVIDERS, LLM_VENDORS, llmProviderEnumName, type LlmProvider } from "../../../common/llm-providers.ts";
import { generateInvoice, type GenerationResult } from "./generate.ts";
import { LlmError } from "./generation.port.ts";

function providerDescription(provider: LlmProvider): string {
  if (provider === "offline") return "The built-in rule-based extractor: no key, no network.";
  if (provider === "openai-compatible") {
    return "Any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter…): give baseUrl and model; apiKey optional.";
  }
  const hosted = HOSTED_MODELS[provider];
  return `${hosted.title} (model ${hosted.model}); needs your ${LLM_VENDORS[hosted.vendor].name} API key.`;
}

export const LlmProviderEnum = builder.enumType("LlmProvider", {
  description: "Who reads the prompt. REST's llm_provider values, upper-cased with _ for -.",
  values: Object.fromEntries(
    LLM_PROVIDERS.map((provider) => [llmProviderEnumName(provider), { value: provider, description: providerDescription(provider) }]),
  ) as Record<string, { value: LlmProvider; description: string }>,
});

builder.objectType(LlmError, {
  name: "GenerationError",
  description: "The generator could not make an invoice: the LLM provider failed, or the prompt does not describe one.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LlmError,
  fields: (t) => ({
    status: t.int({
      description: "The HTTP status REST answers: 400 key rejected, 422 not an invoice, 429 rate limited, 502 provider failed.",
      resolve: (error) => error.status,
    }),
    retryAfterSeconds: t.int({
      nullable: true,
      description: "Rate limited: the provider's Retry-After, in seconds.",
      resolve: (error) => error.retryAfterSeconds,
    }),
    missing: t.stringList({
      description: 'What the prompt does not say and an invoice needs, e.g. ["items[0].unitPrice"].',
      resolve: (error) => error.missing,
    }),
  }),
});

// ---------------------------------------------------------------- preview

interface PreviewShape {
  document: InvoiceDocument;
  totals: InvoiceTotals;
}

interface PreviewLineShape {
  item: LineItem;
  netMinor: bigint;
  currency: string;
  locale: string;
}

const InvoicePreviewItemRef = builder.objectRef<PreviewLineShape>("InvoicePreviewItem").implement({
  fields: (t) => ({
    description: t.string({ resolve: (l) => l.item.description }),
    quantity: t.field({ type: "Decimal", resolve: (l) => l.item.quantity }),
    unit: t.string({ nullable: true, resolve: (l) => l.item.unit ?? null }),
    unitPrice: t.field({ type: "Decimal", resolve: (l) => l.item.unitPrice }),
    discountPercent: t.field({ type: "Decimal", nullable: true, resolve: (l) => l.item.discountPercent ?? null }),
    taxPercent: t.field({ type: "Decimal", nullable: true, resolve: (l) => l.item.taxPercent ?? null }),
    taxName: t.string({ nullable: true, resolve: (l) => l.item.taxName ?? null }),
    amount: t.field({
      type: MoneyRef,
      description: "Line net: quantity × unit price − line discount.",
      resolve: (l) => money(l.netMinor, l.currency, l.locale),
    }),
  }),
});

const lines = (value: DetailLine[] | undefined) => value ?? [];

const InvoicePreviewRef = builder.objectRef<PreviewShape>("InvoicePreview").implement({
  description: "The generated invoice as it is (or, with save: false, would be) stored, with every total computed by the money module.",
  fields: (t) => ({
    number: t.string({ description: "With save: false, the number saving would have used.", resolve: (p) => p.document.number }),
    title: t.string({ resolve: (p) => p.document.title }),
    status: t.field({ type: InvoiceStatusEnum, resolve: (p) => p.document.status as InvoiceStatus }),
    issuedAt: t.field({ type: "Date", resolve: (p) => p.document.issuedAt }),
    dueAt: t.field({ type: "Date", resolve: (p) => p.document.dueAt }),
    currency: t.string({ resolve: (p) => p.document.currency }),
    locale: t.string({ resolve: (p) => p.document.locale }),
    notes: t.string({ nullable: true, resolve: (p) => p.document.notes ?? null }),
    fromDetails: t.field({ type: [DetailLineRef], resolve: (p) => lines(p.document.fromDetails) }),
    toDetails: t.field({ type: [DetailLineRef], resolve: (p) => lines(p.document.toDetails) }),
    paymentDetails: t.field({ type: [DetailLineRef], resolve: (p) => lines(p.document.paymentDetails) }),
    customerName: t.string({ nullable: true, resolve: (p) => p.document.customer.name ?? null }),
    customerEmail: t.string({ nullable: true, resolve: (p) => p.document.customer.email ?? null }),
    items: t.field({
      type: [InvoicePreviewItemRef],
      resolve: (p) =>
        p.document.items.map((item, i) => ({
          item,
          netMinor: p.totals.lines[i]!.netMinor,
          currency: p.document.currency,
          locale: p.document.locale,
        })),
    }),
    totals: t.field({
      type: InvoiceTotalsRef,
      description: "Every component of the total (the same type as Invoice.totals).",
      resolve: (p) => ({ currency: p.document.currency, locale: p.document.locale, totals: p.totals }),
    }),
    total: t.field({ type: MoneyRef, resolve: (p) => money(p.totals.totalMinor, p.document.currency, p.document.locale) }),
  }),
});

const GeneratedInvoiceRef = builder.objectRef<GenerationResult>("GeneratedInvoice").implement({
  fields: (t) => ({
    invoice: t.prismaField({
      type: InvoiceRef,
      nullable: true,
      description: "The stored invoice; null with save: false.",
      resolve: (query, result, _args, ctx) =>
        result.invoice ? ctx.db.invoice.findFirst({ ...withId(query), where: { id: result.invoice.id, userId: ctx.viewer!.user.id } }) : null,
    }),
    preview: t.field({ type: InvoicePreviewRef, resolve: (result) => ({ document: result.document, totals: result.totals }) }),
    missing: t.stringList({
      description: 'What the prompt did not say and got a default, e.g. "to.name", "dueDate", "currency".',
      resolve: (result) => result.missing,
    }),
    provider: t.field({ type: LlmProviderEnum, resolve: (result) => result.provider }),
    model: t.string({ nullable: true, description: "The model called; null offline.", resolve: (result) => result.model }),
    attempts: t.int({ description: "Model calls made: 0 offline, 2 after a retry.", resolve: (result) => result.attempts }),
  }),
});

// ---------------------------------------------------------------- mutation

const GenerateInvoiceInput = builder.inputType("GenerateInvoiceInput", {
  fields: (t) => ({
    prompt: t.string({ description: "The invoice in plain words. Optional with promptId (the saved prompt's text is used)." }),
    provider: t.field({ type: LlmProviderEnum, required: true }),
    baseUrl: t.string({
      description:
        "OPENAI_COMPATIBLE only: the server's base URL, e.g. http://localhost:11434/v1. It must resolve to a public address unless the Invobi server runs with ALLOW_PRIVATE_LLM_URLS=true.",
    }),
    model: t.string({ description: "OPENAI_COMPATIBLE only: the model name." }),
    promptId: t.id({ description: "A saved prompt (global or raw id): recorded as the invoice's origin." }),
    save: t.boolean({ defaultValue: true, description: "false: validate and compute the preview, store nothing." }),
  }),
});

builder.mutationField("generateInvoice", (t) =>
  t.field({
    type: GeneratedInvoiceRef,
    description: "Describe an invoice in plain words; an LLM (or the offline extractor) reads it and the invoice service builds it.",
    authScopes: { write: true },
    errors: { types: [ValidationError, NotFoundError, LlmError, ForbiddenError], dataField: { name: "generatedInvoice" } },
    args: {
      input: t.arg({ type: GenerateInvoiceInput, required: true }),
      // Not a field of `input`: GraphQL's variable errors quote the whole offending input
      // object ('Variable "$input" got invalid value { … }'), and must never quote the key.
      apiKey: t.arg.string({
        description: "Your key for the provider (not needed for OFFLINE; optional for OPENAI_COMPATIBLE): used for this one call, never stored or logged.",
      }),
    },
    resolve: (_root, { input, apiKey }, ctx) =>
      generateInvoice(ctx, serviceContext(ctx), {
        prompt: input.prompt,
        provider: input.provider,
        apiKey,
        baseUrl: input.baseUrl,
        model: input.model,
        promptId: input.promptId != null ? rawIdOf(input.promptId, "Prompt") : null,
        preview: input.save === false,
      }),
  }),
);
