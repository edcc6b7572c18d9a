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
