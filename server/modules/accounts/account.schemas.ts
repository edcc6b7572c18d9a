import { z } from "zod";
import { canonicalLocale } from "../../../common/locale.ts";
import { isKnownCurrency } from "../../../common/money/index.ts";
import { hasNoNul, NO_NUL_MESSAGE } from "../../../common/text.ts";

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "must be a valid email address" }).max(254));

export const PasswordSchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters");

export const SignUpInput = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: z.string().trim().max(120).refine(hasNoNul, NO_NUL_MESSAGE).optional().nullable(),
});

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase(),
  password: z.string(),
});

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const DetailLinesSchema = z
  .array(
    z.object({
      label: z.string().trim().max(100).refine(hasNoNul, NO_NUL_MESSAGE),
      value: z.string().trim().max(500).refine(hasNoNul, NO_NUL_MESSAGE),
    }),
  )
  .max(30);

export const AccountSettingsInput = z.object({
  displayName: z.string().trim().max(120).nullable().optional(),
  businessName: z.string().trim().max(200).refine(hasNoNul, NO_NUL_MESSAGE).nullable().optional(),
  businessDetails: DetailLinesSchema.nullable().optional(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code")
    .refine(isKnownCurrency, "is not a known ISO 4217 currency")
    .optional(),
  locale: z.string().refine((tag) => canonicalLocale(tag) !== null, "must be a BCP 47 locale like en-US").optional(),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone like Europe/Berlin").optional(),
  invoiceNumberPrefix: z.string().max(20, "must be at most 20 characters").refine(hasNoNul, NO_NUL_MESSAGE).optional(),
  invoiceNumberDigits: z.number().int().min(1).max(10).optional(),
});
export type AccountSettingsInput = z.input<typeof AccountSettingsInput>;
