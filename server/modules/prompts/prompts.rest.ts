/**
 * Saved prompts over REST (Invobi API v1): thin handlers over prompts.service.ts.
 * Prompt JSON: {id, user_id, prompt_text, labels: [{name, color}], created_at, updated_at}.
 */
import { z } from "zod";
import { serviceContext } from "../../context.ts";
import { requestKeyOf } from "../../http/idempotency.ts";
import { ValidationError } from "../../errors.ts";
import { defineRoute, respond, type AnyRoute } from "../../rest/route.ts";
import { DateTimeJson, DeletedJson } from "../../rest/schemas.ts";
import {
  LABEL_NAME_MAX,
  NO_LABEL_FILTER,
  PROMPT_LABELS_MAX,
  PROMPT_TEXT_MAX,
  PromptLabelInput,
  PromptTextSchema,
} from "./prompts.schemas.ts";
import {
  createPrompt,
  deletePrompt,
  getPrompt,
  listLabelNames,
  listPrompts,
  updatePrompt,
  type PromptWithLabels,
} from "./prompts.service.ts";

// ---------------------------------------------------------------- response schemas

const LabelJson = z.strictObject({ name: z.string(), color: z.string().describe('"#rrggbb"') });

export const PromptJson = z
  .strictObject({
    id: z.string(),
    user_id: z.string(),
    prompt_text: z.string(),
    labels: z.array(LabelJson),
    created_at: DateTimeJson,
    updated_at: DateTimeJson,
  })
  .meta({ description: "A saved prompt." });

export const PromptEnvelope = z.strictObject({ prompt: PromptJson });
export const PromptListJson = z.strictObject({ prompts: z.array(PromptJson) });
export const LabelNamesJson = z.strictObject({ labels: z.array(z.string()) });

export function serializePrompt(prompt: PromptWithLabels): z.output<typeof PromptJson> {
  return {
    id: prompt.id,
    user_id: prompt.userId,
    prompt_text: prompt.text,
    labels: prompt.labels.map((l) => ({ name: l.name, color: l.color })),
    created_at: prompt.createdAt.toISOString(),
    updated_at: prompt.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- request schemas

const LabelsBody = z
  .array(PromptLabelInput, { message: "must be an array of label objects with name and color" })
  .max(PROMPT_LABELS_MAX, `must have at most ${PROMPT_LABELS_MAX} labels`)
  .describe("Label objects with 'name' and 'color' ('#rrggbb'); a label you already have (any case) is reused.");

export const CreatePromptBody = z.object({
  prompt_text: PromptTextSchema.describe("The prompt text to save."),
  labels: LabelsBody.nullish(),
});

export const UpdatePromptBody = z
  .object({
    prompt_text: PromptTextSchema.nullish().describe("The updated prompt text."),
    labels: LabelsBody.nullish().describe("Replaces the prompt's labels; [] removes them all."),
  })
  .refine((b) => (b.prompt_text ?? undefined) !== undefined || (b.labels ?? undefined) !== undefined, {
    message: "At least one field must be provided: prompt_text or labels",
  });

export const ListPromptsQuery = z.object({
  label: z
    .string()
    .max(LABEL_NAME_MAX, `must be at most ${LABEL_NAME_MAX} characters`)
    .optional()
    .describe(`Filter by label name (case-insensitive); ${NO_LABEL_FILTER} for unlabeled prompts.`),
  content: z
    .string()
    .max(PROMPT_TEXT_MAX, `must be at most ${PROMPT_TEXT_MAX} characters`)
    .optional()
    .describe("Filter by content (case-insensitive substring)."),
});

/** The service speaks `text`; the API speaks `prompt_text`. */
async function restErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError && error.issues.length) {
      throw ValidationError.fromIssues(
        error.issues.map((i) => ({ ...i, path: i.path.map((p) => (p === "text" ? "prompt_text" : p)) })),
      );
    }
    throw error;
  }
}

// ---------------------------------------------------------------- routes

const TAG = "Prompts";
const idParam = { id: "The prompt ID." };

export const promptRoutes: AnyRoute[] = [
  defineRoute({
    method: "get",
    path: "/prompts",
    operationId: "listPrompts",
    summary: "List prompts",
    description: "Returns a list of all saved prompts for the authenticated user, newest first.",
    tag: TAG,
    permission: "read",
    query: ListPromptsQuery,
    responses: { 200: { description: "The prompts.", schema: PromptListJson } },
    async handler(c, { query }) {
      const prompts = await restErrors(() =>
        listPrompts(serviceContext(c.get("ctx")), { label: query.label, content: query.content }),
      );
      return respond(c, PromptListJson, { prompts: prompts.map(serializePrompt) });
    },
  }),

  defineRoute({
    method: "post",
    path: "/prompts",
    operationId: "createPrompt",
    summary: "Create a prompt",
    description: "Creates a new saved prompt.",
    tag: TAG,
    permission: "write",
    body: { schema: CreatePromptBody, required: true },
    responses: { 201: { description: "The created prompt.", schema: PromptEnvelope } },
    async handler(c, { body }) {
      const prompt = await restErrors(() =>
        createPrompt(
          serviceContext(c.get("ctx")),
          { text: body.prompt_text, labels: body.labels ?? [] },
          { requestKey: requestKeyOf(c) },
        ),
      );
      return respond(c, PromptEnvelope, { prompt: serializePrompt(prompt) }, 201);
    },
  }),

  defineRoute({
    method: "get",
    path: "/prompts/labels",
    operationId: "listPromptLabels",
    summary: "List label names",
    description: "Returns all unique label names used by the authenticated user's prompts.",
    tag: TAG,
    permission: "read",
    responses: { 200: { description: "The label names.", schema: LabelNamesJson } },
    async handler(c) {
      return respond(c, LabelNamesJson, { labels: await listLabelNames(serviceContext(c.get("ctx"))) });
    },
  }),

  defineRoute({
    method: "get",
    path: "/prompts/:id",
    operationId: "getPrompt",
    summary: "Get a prompt",
    description: "Returns a single prompt by ID.",
    tag: TAG,
    permission: "read",
    params: idParam,
    responses: { 200: { description: "The prompt.", schema: PromptEnvelope } },
    async handler(c, { params }) {
      const prompt = await getPrompt(serviceContext(c.get("ctx")), params.id!);
      return respond(c, PromptEnvelope, { prompt: serializePrompt(prompt) });
    },
  }),

  defineRoute({
    method: "put",
    path: "/prompts/:id",
    operationId: "updatePrompt",
    summary: "Update a prompt",
    description: "Updates an existing prompt. At least one field must be provided.",
    tag: TAG,
    permission: "write",
    params: idParam,
    body: { schema: UpdatePromptBody, required: true },
    responses: { 200: { description: "The updated prompt.", schema: PromptEnvelope } },
    async handler(c, { params, body }) {
      const prompt = await restErrors(() =>
        updatePrompt(serviceContext(c.get("ctx")), params.id!, { text: body.prompt_text, labels: body.labels }),
      );
      return respond(c, PromptEnvelope, { prompt: serializePrompt(prompt) });
    },
  }),

  defineRoute({
    method: "delete",
    path: "/prompts/:id",
    operationId: "deletePrompt",
    summary: "Delete a prompt",
    description: "Deletes a prompt. Invoices generated from it stay.",
    tag: TAG,
    permission: "write",
    params: idParam,
    responses: { 200: { description: "Deleted.", schema: DeletedJson } },
    async handler(c, { params }) {
      await deletePrompt(serviceContext(c.get("ctx")), params.id!);
      return respond(c, DeletedJson, { deleted: true });
    },
  }),
];
