/** GraphQL translation of the prompts and labels service. */
import { serviceContext } from "../../context.ts";
import { rawIdOf } from "../../graphql/ids.ts";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { cursorConnection, totalCountOf } from "../../graphql/connections.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import { builder, connectionComplexity } from "../../graphql/builder.ts";
import { deleteSuccess } from "../invoices/invoices.graphql.ts";
import {
  compareLabelNames,
  countPrompts,
  createLabel,
  createPrompt,
  deleteLabel,
  deletePrompt,
  listLabels,
  listPromptsWindow,
  promptCursor,
  updateLabel,
  updatePrompt,
} from "./prompts.service.ts";

export const LabelRef = builder.prismaNode("Label", {
  description: "A label for prompts; names are unique per account, case-insensitively.",
  id: { field: "id" },
  authScopes: { read: true },
  // node(id:) must never load another account's label.
  findUnique: (id, ctx) => ({ id, userId: ctx.viewer?.user.id ?? "" }),
  fields: (t) => ({
    rawId: t.exposeString("id", { description: "The label's own id (REST's)." }),
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
      description: "The account's prompts, newest first; pages forward (first/after) and backward (last/before).",
      args: { filter: t.arg({ type: PromptFilter }) },
      resolve: async (_root, args, ctx) => {
        const filter = {
          label: args.filter?.label ?? undefined,
          noLabel: args.filter?.noLabel ?? undefined,
          content: args.filter?.content ?? undefined,
        };
        return cursorConnection(
          args,
          promptCursor,
          (window) => listPromptsWindow(serviceContext(ctx), filter, window),
          () => countPrompts(serviceContext(ctx), filter),
        );
      },
    },
    {
      name: "PromptConnection",
      fields: (c) => ({
        totalCount: c.int({
          description: "Prompts matching the filter, across all pages.",
          resolve: totalCountOf,
        }),
      }),
    },
    { name: "PromptEdge" },
  ),
);

builder.queryField("labels", (t) =>
  t.field({
    type: [LabelRef],
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => listLabels(serviceContext(ctx)),
  }),
);

/** Every prompt and label mutation needs WRITE; a caller without it gets the ForbiddenError member. */
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

const CreatePromptInput = builder.inputType("CreatePromptInput", {
  fields: (t) => ({
    text: t.string({ required: true }),
    labels: t.field({ type: [LabelInput], description: "Labels by name; a name the account has not used yet creates the label." }),
  }),
});

builder.mutationField("createPrompt", (t) =>
  t.field({
    type: PromptRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS, dataField: { name: "prompt" } },
    args: { input: t.arg({ type: CreatePromptInput, required: true }) },
    resolve: (_root, { input }, ctx) => createPrompt(serviceContext(ctx), { text: input.text, labels: input.labels ?? undefined }),
  }),
);

const UpdatePromptInput = builder.inputType("UpdatePromptInput", {
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID or raw id." }),
    text: t.string(),
    labels: t.field({ type: [LabelInput], description: "Replaces the prompt's labels as a whole; [] removes them all." }),
  }),
});

builder.mutationField("updatePrompt", (t) =>
  t.field({
    type: PromptRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS, dataField: { name: "prompt" } },
    args: { input: t.arg({ type: UpdatePromptInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updatePrompt(serviceContext(ctx), rawIdOf(input.id, "Prompt"), { text: input.text ?? undefined, labels: input.labels ?? undefined }),
  }),
);

const idInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true, description: "Global ID or raw id." }) }) });

builder.mutationField("deletePrompt", (t) =>
  t.field({
    type: deleteSuccess("DeletePromptSuccess"),
    authScopes: { write: true },
    errors: { types: [NotFoundError, ForbiddenError], directResult: true },
    description: "Deletes a prompt; invoices generated from it are kept.",
    args: { input: t.arg({ type: idInput("DeletePromptInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const deleted = await deletePrompt(serviceContext(ctx), rawIdOf(input.id, "Prompt"));
      return { deletedId: encodeGlobalID("Prompt", deleted.id) };
    },
  }),
);

const CreateLabelInput = builder.inputType("CreateLabelInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    color: t.string({ required: true, description: '"#rrggbb"' }),
  }),
});

builder.mutationField("createLabel", (t) =>
  t.field({
    type: LabelRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS, dataField: { name: "label" } },
    args: { input: t.arg({ type: CreateLabelInput, required: true }) },
    resolve: (_root, { input }, ctx) => createLabel(serviceContext(ctx), input),
  }),
);

const UpdateLabelInput = builder.inputType("UpdateLabelInput", {
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID or raw id." }),
    name: t.string(),
    color: t.string({ description: '"#rrggbb"' }),
  }),
});

builder.mutationField("updateLabel", (t) =>
  t.field({
    type: LabelRef,
    authScopes: { write: true },
    errors: { types: WRITE_ERRORS, dataField: { name: "label" } },
    args: { input: t.arg({ type: UpdateLabelInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateLabel(serviceContext(ctx), rawIdOf(input.id, "Label"), { name: input.name ?? undefined, color: input.color ?? undefined }),
  }),
);

builder.mutationField("deleteLabel", (t) =>
  t.field({
    type: deleteSuccess("DeleteLabelSuccess"),
    authScopes: { write: true },
    errors: { types: [NotFoundError, ForbiddenError], directResult: true },
    description: "Deletes a label and takes it off its prompts.",
    args: { input: t.arg({ type: idInput("DeleteLabelInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const deleted = await deleteLabel(serviceContext(ctx), rawIdOf(input.id, "Label"));
      return { deletedId: encodeGlobalID("Label", deleted.id) };
    },
  }),
);
