/**
 * Input schemas for saved prompts and their labels. Pure zod (no server imports)
 * so the service, GraphQL, REST and the SPA's forms validate with the same rules.
 *
 * Parsed output is normalised: text and names trimmed, colours lower-cased "#rrggbb",
 * null treated as "not provided".
 */
import { z } from "zod";
import { hasNoNul, NO_NUL_MESSAGE } from "../../../common/text.ts";

export const PROMPT_TEXT_MAX = 10_000;
export const LABEL_NAME_MAX = 50;
/** Labels on one prompt; generous, but bounds the work a single request can ask for. */
export const PROMPT_LABELS_MAX = 50;
export const DEFAULT_LABEL_COLOR = "#3b82f6";
/** The REST `label` filter value that means "prompts without any label". */
export const NO_LABEL_FILTER = "__no_label__";
export const PROMPT_PAGE_DEFAULT = 20;
export const PROMPT_PAGE_MAX = 100;

export const PromptTextSchema = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, "is required")
  .max(PROMPT_TEXT_MAX, `must be at most ${PROMPT_TEXT_MAX} characters`)
  .refine(hasNoNul, NO_NUL_MESSAGE);

export const LabelNameSchema = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, "is required")
  .max(LABEL_NAME_MAX, `must be at most ${LABEL_NAME_MAX} characters`)
  .refine(hasNoNul, NO_NUL_MESSAGE);

/** "#rrggbb" hex, normalised to lower case ("#3B82F6" → "#3b82f6"). */
export const LabelColorSchema = z
  .string({ message: "must be a string" })
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, "must be a hex colour like #3b82f6");

/** A label named on a prompt: an existing label (any case) is reused, a new one is created. */
export const PromptLabelInput = z.object({
  name: LabelNameSchema,
  /** Omitted: new labels get DEFAULT_LABEL_COLOR, existing labels keep theirs. */
  color: LabelColorSchema.nullish().transform((c) => c ?? undefined),
});
export type PromptLabelInput = z.input<typeof PromptLabelInput>;

const PromptLabelsSchema = z
  .array(PromptLabelInput, { message: "must be an array of labels" })
  .max(PROMPT_LABELS_MAX, `must have at most ${PROMPT_LABELS_MAX} labels`);

export const CreatePromptInput = z.object({
  text: PromptTextSchema,
  labels: PromptLabelsSchema.nullish().transform((l) => l ?? []),
});
export type CreatePromptInput = z.input<typeof CreatePromptInput>;

export const UpdatePromptInput = z
  .object({
    text: PromptTextSchema.nullish().transform((t) => t ?? undefined),
    /** Replaces the prompt's whole label set; [] removes every label. */
    labels: PromptLabelsSchema.nullish().transform((l) => l ?? undefined),
  })
  .refine((i) => i.text !== undefined || i.labels !== undefined, {
    message: "At least one of text or labels must be provided",
  });
export type UpdatePromptInput = z.input<typeof UpdatePromptInput>;

export const CreateLabelInput = z.object({
  name: LabelNameSchema,
  color: LabelColorSchema.nullish().transform((c) => c ?? DEFAULT_LABEL_COLOR),
});
export type CreateLabelInput = z.input<typeof CreateLabelInput>;

export const UpdateLabelInput = z
  .object({
    name: LabelNameSchema.nullish().transform((n) => n ?? undefined),
    color: LabelColorSchema.nullish().transform((c) => c ?? undefined),
  })
  .refine((i) => i.name !== undefined || i.color !== undefined, {
    message: "At least one of name or color must be provided",
  });
export type UpdateLabelInput = z.input<typeof UpdateLabelInput>;

/**
 * Prompt list filters. Empty strings mean "no filter"; label "__no_label__" means
 * noLabel. content is a literal, case-insensitive substring (no wildcards).
 */
export const PromptListFilter = z.object({
  label: z.string({ message: "must be a string" }).nullish(),
  noLabel: z.boolean({ message: "must be a boolean" }).nullish(),
  content: z
    .string({ message: "must be a string" })
    .max(PROMPT_TEXT_MAX, `must be at most ${PROMPT_TEXT_MAX} characters`)
    .nullish(),
});
export type PromptListFilter = z.input<typeof PromptListFilter>;

/** Keyset pagination arguments (GraphQL connections): newest first. */
export const PromptPageArgs = z.object({
  first: z
    .number({ message: "must be a number" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(PROMPT_PAGE_MAX, `must be at most ${PROMPT_PAGE_MAX}`)
    .nullish()
    .transform((n) => n ?? PROMPT_PAGE_DEFAULT),
  after: z.string({ message: "must be a string" }).nullish(),
});
export type PromptPageArgs = z.input<typeof PromptPageArgs>;
