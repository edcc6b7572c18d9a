/** Response building blocks shared by the REST resources (zod, output side). */
import { z } from "zod";

export const ErrorJson = z
  .looseObject({
    error: z.string().describe("What went wrong, for a human."),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional()
      .describe("Validation failures by field path."),
  })
  .meta({ description: 'Every error: {"error": "<message>"}.' });

export const DeletedJson = z.strictObject({ deleted: z.literal(true) });

export const DecimalJson = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: 'An exact decimal string, e.g. "1650.00".' });

export const DateJson = z.iso.date().meta({ description: "A calendar date, YYYY-MM-DD." });
export const DateTimeJson = z.iso.datetime().meta({ description: "An instant, ISO 8601 UTC (…Z)." });
