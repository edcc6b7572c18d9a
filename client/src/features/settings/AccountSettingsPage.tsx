import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { canonicalLocale } from "../../../../common/locale.ts";
import { isKnownCurrency } from "../../../../common/money/index.ts";
import { PlusIcon, TrashIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, Card, InputField, PageHeader, SelectField } from "../../components/ui.tsx";
import { errorMessage, MutationError } from "../../lib/result.ts";
import type { Viewer } from "../../lib/viewer.ts";
import { COMMON_CURRENCIES, COMMON_LOCALES, safeFormatMoney } from "../../lib/invoice-form/money.ts";
import { useUpdateAccountSettings } from "./queries.ts";

const SettingsSchema = z.object({
  displayName: z.string().trim().max(120, "Must be at most 120 characters"),
  businessName: z.string().trim().max(200, "Must be at most 200 characters"),
  businessDetails: z
    .array(z.object({ label: z.string().trim().max(100, "Must be at most 100 characters"), value: z.string().trim().max(500, "Must be at most 500 characters") }))
    .max(30, "At most 30 lines"),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => isKnownCurrency(code), "Must be a known three-letter currency code, e.g. USD"),
  locale: z.string().trim().refine((tag) => canonicalLocale(tag) !== null, "Must be a locale like en-US"),
  timezone: z.string().min(1, "Choose a time zone"),
  invoiceNumberPrefix: z.string().max(20, "Must be at most 20 characters"),
  invoiceNumberDigits: z.coerce.number<string | number>().int("Whole number").min(1, "At least 1").max(10, "At most 10"),
});
type SettingsInput = z.input<typeof SettingsSchema>;
type SettingsOutput = z.output<typeof SettingsSchema>;

/** The account as the form's values (the form opens with them, and resets to them once saved). */
function settingsValues(viewer: Viewer): SettingsInput {
  return {
    displayName: viewer.displayName ?? "",
    businessName: viewer.businessName ?? "",
    businessDetails: viewer.businessDetails.map(({ label, value }) => ({ label, value })),
    defaultCurrency: viewer.defaultCurrency,
    locale: viewer.locale,
    timezone: viewer.timezone,
    invoiceNumberPrefix: viewer.invoiceNumberPrefix,
    invoiceNumberDigits: viewer.invoiceNumberDigits,
  };
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  if (!zones.includes("UTC")) zones = ["UTC", ...zones];
  if (current && !zones.includes(current)) zones = [current, ...zones];
  return zones;
}

export function AccountSettingsPage({ viewer }: { viewer: Viewer }) {
  const update = useUpdateAccountSettings();
  const toast = useToast();
  const [generalError, setGeneralError] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(viewer.timezone), [viewer.timezone]);
  const form = useForm<SettingsInput, unknown, SettingsOutput>({
    resolver: zodResolver(SettingsSchema),
    defaultValues: settingsValues(viewer),
  });
  const details = useFieldArray({ control: form.control, name: "businessDetails" });
  const { errors, isSubmitting, isDirty } = form.formState;

  const [prefix, digits, currency, locale] = useWatch({ control: form.control, name: ["invoiceNumberPrefix", "invoiceNumberDigits", "defaultCurrency", "locale"] });
  const digitCount = Math.min(Math.max(Number(digits) || 1, 1), 10);
  const sampleNumber = `${prefix ?? ""}${"1".padStart(digitCount, "0")}`;
  const sampleMoney = isKnownCurrency((currency ?? "").toUpperCase())
    ? safeFormatMoney(165000n, (currency ?? "").toUpperCase(), locale || "en-US")
    : null;

  const onSubmit = form.handleSubmit(async (values) => {
    setGeneralError(null);
    try {
      const viewerNext = await update.mutateAsync({
        displayName: values.displayName || null,
        businessName: values.businessName || null,
        businessDetails: values.businessDetails.filter((line) => line.label || line.value),
        defaultCurrency: values.defaultCurrency,
        locale: values.locale,
        timezone: values.timezone,
        invoiceNumberPrefix: values.invoiceNumberPrefix,
        invoiceNumberDigits: values.invoiceNumberDigits,
      });
      form.reset(settingsValues(viewerNext));
      toast.show("Settings saved");
    } catch (error) {
      if (error instanceof MutationError && error.issues.length > 0) {
        const unmatched: string[] = [];
        for (const issue of error.issues) {
          const name = issue.path.join(".");
          const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
          if (/^(displayName|businessName|defaultCurrency|locale|timezone|invoiceNumberPrefix|invoiceNumberDigits|businessDetails\.\d+\.(label|value))$/.test(name)) {
            form.setError(name as keyof SettingsInput, { type: "server", message });
          } else unmatched.push(message);
        }
        if (unmatched.length) setGeneralError(unmatched.join("; "));
      } else {
        setGeneralError(errorMessage(error));
      }
    }
  });

  return (
    <>
      <PageHeader title="Settings" subtitle={viewer.email} />
      <form className="settings-form stack-lg" onSubmit={onSubmit} noValidate>
        {generalError ? <Alert>{generalError}</Alert> : null}
        <Card title="Your business" description="Printed in the “From” block of every new invoice.">
          <div className="grid grid-2">
            <InputField label="Your name" autoComplete="name" error={errors.displayName?.message} {...form.register("displayName")} />
            <InputField label="Business name" autoComplete="organization" error={errors.businessName?.message} {...form.register("businessName")} />
          </div>
          <fieldset className="subsection">
            <legend>Business details</legend>
            <p className="field-hint">Address, tax id, phone… one “label: value” line each, in the order you want them printed.</p>
            {details.fields.map((field, index) => (
              <div className="mini-row detail-row" key={field.id}>
                <InputField label={`Detail ${index + 1} label`} hideLabel placeholder="Label, e.g. VAT ID" error={errors.businessDetails?.[index]?.label?.message} {...form.register(`businessDetails.${index}.label`)} />
                <InputField label={`Detail ${index + 1} value`} hideLabel placeholder="Value" error={errors.businessDetails?.[index]?.value?.message} {...form.register(`businessDetails.${index}.value`)} />
                <button type="button" className="btn btn-ghost btn-icon" onClick={() => details.remove(index)} aria-label={`Remove detail ${index + 1}`}>
                  <TrashIcon />
                </button>
              </div>
            ))}
            <Button size="sm" icon={<PlusIcon />} onClick={() => details.append({ label: "", value: "" }, { shouldFocus: true, focusName: `businessDetails.${details.fields.length}.label` })}>
              Add line
            </Button>
          </fieldset>
        </Card>

        <Card title="Invoice defaults" description="New invoices start with these; every invoice can override them.">
          <div className="grid grid-3">
            <InputField
              label="Default currency"
              list="settings-currencies"
              maxLength={3}
              className="uppercase"
              hint={sampleMoney ? `Amounts look like ${sampleMoney}` : undefined}
              error={errors.defaultCurrency?.message}
              {...form.register("defaultCurrency")}
            />
            <InputField label="Locale" list="settings-locales" hint="Number and date format, PDF language." error={errors.locale?.message} {...form.register("locale")} />
            <SelectField label="Time zone" hint="Decides “today” and when an invoice is overdue." error={errors.timezone?.message} {...form.register("timezone")}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, " ")}
                </option>
              ))}
            </SelectField>
            <InputField label="Invoice number prefix" error={errors.invoiceNumberPrefix?.message} {...form.register("invoiceNumberPrefix")} />
            <InputField
              label="Number digits"
              type="number"
              min={1}
              max={10}
              hint={`Next numbers look like ${sampleNumber}`}
              error={errors.invoiceNumberDigits?.message}
              {...form.register("invoiceNumberDigits")}
            />
          </div>
          <datalist id="settings-currencies">
            {COMMON_CURRENCIES.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
          <datalist id="settings-locales">
            {COMMON_LOCALES.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </Card>

        <div className="row gap-sm justify-end sticky-actions">
          <Button variant="ghost" disabled={!isDirty || isSubmitting} onClick={() => form.reset()}>
            Discard changes
          </Button>
          <Button type="submit" variant="primary" busy={isSubmitting} disabled={!isDirty}>
            Save settings
          </Button>
        </div>
      </form>
    </>
  );
}
