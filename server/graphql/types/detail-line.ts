import type { DetailLine } from "../../../common/invoice/types.ts";
import { builder } from "../builder.ts";

export const DetailLineRef = builder.objectRef<DetailLine>("DetailLine").implement({
  description: 'One "label: value" line of a party or payment block, in the order the user gave.',
  fields: (t) => ({
    label: t.exposeString("label"),
    value: t.exposeString("value"),
  }),
});

export const DetailLineInput = builder.inputType("DetailLineInput", {
  fields: (t) => ({
    label: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

/** Json columns hold DetailLine[]; anything else (legacy or null) reads as no lines. */
export function asDetailLines(value: unknown): DetailLine[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (line): line is DetailLine =>
      typeof line === "object" && line !== null && typeof line.label === "string" && typeof line.value === "string",
  );
}
