/** GraphQL translation of the prompts and labels service. */
import { serviceContext } from "../../context.ts";
import { rawIdOf } from "../../graphql/ids.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { builder, connectionComplexity } from "../../graphql/builder.ts";
import {
  compareLabelNames,
  createLabel,
  createPrompt,
  deleteLabel,
  deletePrompt,
  listLabels,
  listPromptsPage,
  promptCursor,
  updateLabel,
  updatePrompt,
} from "./prompts.service.ts";

export const LabelRef = builder.prismaObject("Label", {
  description: "A label for prompts; names are unique per account, case-insensitively.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    color: t.exposeString("color", { description: '"#rrggbb"' }),
  }),
});

export const PromptRef = builder.prismaNode("Prompt", {
  id: { field: "id" },
  authScopes: { read: true },
  findUnique: (id, ctx) => ({ id, userId: ctx.viewer?.user.id ?? "" }),
  fields: (t) => ({
    rawId: t.exposeString("id"),
    text: t.exposeString("text"),
    labels: t.field({
      type: [LabelRef],
      select: { labels: true },
      resolve: (prompt) => [...prompt.labels].sort((a, b) => compareLabelNames(a.name, b.name)),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const LabelInput = builder.inputType("PromptLabelInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    color: t.string({ description: '"#rrggbb"; defaults to #3b82f6 for a new label.' }),
  }),
});

const PromptFilter = builder.inputType("PromptFilter", {
  fields: (t) => ({
    label: t.string({ description: "Label name, case-insensitive." }),
    noLabel: t.boolean({ description: "Only prompts without labels." }),
    content: t.string({ description: "Case-insensitive substring of the prompt text." }),
  }),
});

builder.queryField("prompts", (t) =>
  t.connection(
    {
      type: PromptRef,
      authScopes: { read: true },
      complexity: connectionComplexity,
      args: { filter: t.arg({ type: PromptFilter }) },
      resolve: async (_root, args, ctx) => {
        const page = await listPromptsPage(serviceContext(ctx), {
          first: args.first ?? undefined,
          after: args.after ?? undefined,
          label: args.filter?.label ?? undefined,
          noLabel: args.filter?.noLabel ?? undefined,
          content: args.filter?.content ?? undefined,
        });
        const edges = page.prompts.map((node) => ({ cursor: promptCursor(node), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: edges[0]?.cursor ?? null,
            endCursor: page.endCursor,
          },
        };
      },
    },
  ),
);

builder.queryField("labels", (t) =>
  t.field({
    type: [LabelRef],
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => listLabels(serviceContext(ctx)),
  }),
);

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

builder.mutationField("createPrompt", (t) =>
  t.field({
    type: PromptRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS },
    args: { text: t.arg.string({ required: true }), labels: t.arg({ type: [LabelInput] }) },
    resolve: (_root, args, ctx) => createPrompt(serviceContext(ctx), { text: args.text, labels: args.labels ?? undefined }),
  }),
);

builder.mutationField("updatePrompt", (t) =>
  t.field({
    type: PromptRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS },
    args: { id: t.arg.id({ required: true }), text: t.arg.string(), labels: t.arg({ type: [LabelInput] }) },
    resolve: (_root, args, ctx) =>
      updatePrompt(serviceContext(ctx), rawIdOf(args.id, "Prompt"), { text: args.text ?? undefined, labels: args.labels ?? undefined }),
  }),
);

builder.mutationField("deletePrompt", (t) =>
  t.prismaField({
    type: PromptRef,
    authScopes: { write: true },
    errors: { types: [NotFoundError] },
    description: "Deletes a prompt; invoices generated from it are kept.",
    args: { id: t.arg.id({ required: true }) },
    // The answer shows the prompt as it was: loaded with the query's selection (labels…) before it is gone.
    resolve: async (query, _root, args, ctx) => {
      const id = rawIdOf(args.id, "Prompt");
      const before = await ctx.db.prompt.findFirst({ ...withId(query), where: { id, userId: ctx.viewer!.user.id } });
      await deletePrompt(serviceContext(ctx), id);
      return before!;
    },
  }),
);

builder.mutationField("createLabel", (t) =>
  t.field({
    type: LabelRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS },
    args: { name: t.arg.string({ required: true }), color: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => createLabel(serviceContext(ctx), args),
  }),
);

builder.mutationField("updateLabel", (t) =>
  t.field({
    type: LabelRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS },
    args: { id: t.arg.id({ required: true }), name: t.arg.string(), color: t.arg.string() },
    resolve: (_root, args, ctx) =>
      updateLabel(serviceContext(ctx), String(args.id), { name: args.name ?? undefined, color: args.color ?? undefined }),
  }),
);

builder.mutationField("deleteLabel", (t) =>
  t.field({
    type: LabelRef,
    authScopes: { write: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteLabel(serviceContext(ctx), String(args.id)),
  }),
);
