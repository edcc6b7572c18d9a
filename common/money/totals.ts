/**
 * Invoice totals, exact to the minor unit. Order of computation:
 *
 * 1. Lines. gross = quantity × unit price; net = gross × (1 − discount% / 100),
 *    computed exactly and ROUNDED ONCE, half away from zero, to the currency's
 *    exponent. grossMinor is the exact gross rounded the same way and
 *    discountMinor = grossMinor − netMinor, so the reported numbers always add up.
 *    Quantities carry ≤ 4 decimals, unit prices ≤ exponent + 4, percentages 0–100
 *    with ≤ 4 decimals. Negative quantities/prices (credit lines) give negative nets.
 * 2. subtotal = Σ line nets.
 * 3. Invoice discounts, in order. A percent discount is a percentage of the subtotal
 *    (not of what earlier discounts left); its amount is rounded cumulatively
 *    (round(subtotal × running %) − what earlier percent discounts took) so that
 *    100 % in several pieces never takes more than the subtotal. Percent discounts
 *    may add up to at most 100 %. A fixed discount is an amount in major units that
 *    must fit the currency exactly ("0.5" yen is an error). The discounts may not
 *    take the subtotal past zero (a fixed discount therefore never applies to a
 *    negative subtotal). taxable = subtotal − discount total.
 * 4. The discount total is spread over the lines proportionally to their nets
 *    (largest remainder, in minor units, so the pieces sum exactly to the discount
 *    total). line base = net − its piece, and Σ line bases = taxable.
 * 5. Taxes. A line with a taxPercent is in the group (taxName ?? "Tax", rate). An
 *    invoice tax {name, rate} applies to every line, i.e. to the whole taxable
 *    amount; line taxes and invoice taxes of different (name, rate) add up, and a
 *    line that names the same (name, rate) as an invoice tax is still taxed once.
 *    Per group: base = Σ bases of its lines; amount = round(base × rate / 100)
 *    computed ONCE per group, never per line (EN 16931 BR-CO-17). Groups keep their
 *    first appearance order: line taxes in line order, then invoice taxes. Rates
 *    are compared by value ("19" and "19.00" are one group, reported as "19").
 * 6. total = taxable + Σ tax amounts.
 *
 * Every invalid value throws a MoneyError whose `field` is its path in the input
 * ("items[2].discountPercent", "discounts[1].value", "taxes[0].rate", "currency").
 */
import { allocateProportionally } from "./allocate.ts";
import { currencyExponent } from "./currency.ts";
import {
  complement,
  decimalToString,
  type Decimal,
  MoneyError,
  minorToDecimal,
  multiply,
  parseDecimal,
  parsePercent,
  percentToFraction,
  pow10,
  roundToScale,
} from "./decimal.ts";
import type {
  DiscountTotal,
  InvoiceDiscount,
  InvoiceTax,
  InvoiceTotals,
  LineItem,
  LineTotal,
  TaxTotal,
  TotalsInput,
} from "../invoice/types.ts";

/** The name of a line tax that has a rate but no name. */
export const DEFAULT_TAX_NAME = "Tax";

/** Decimals a quantity may carry. */
export const QUANTITY_DECIMALS = 4;

/** Decimals a unit price may carry beyond the currency's own (e.g. 0.0125 per unit in USD). */
export const EXTRA_UNIT_PRICE_DECIMALS = 4;

/** A tax rate as written ("19") and as the fraction it applies (0.19). */
interface TaxRate {
  name: string;
  rateText: string;
  fraction: Decimal;
}

interface ParsedLine extends LineTotal {
  tax: TaxRate | null;
}

interface TaxGroup extends TaxRate {
  baseMinor: bigint;
}

export function computeTotals(input: TotalsInput): InvoiceTotals {
  const exponent = currencyExponent(input.currency, "currency");

  const lines = input.items.map((item, index) => computeLine(item, `items[${index}]`, exponent));
  const subtotalMinor = sumOf(lines.map((line) => line.netMinor));

  const discounts = computeDiscounts(input.discounts, subtotalMinor, exponent);
  const discountTotalMinor = sumOf(discounts.map((discount) => discount.amountMinor));
  const taxableMinor = subtotalMinor - discountTotalMinor;

  const lineBases = discountedLineBases(lines, discountTotalMinor);
  const taxes = computeTaxes(lines, lineBases, input.taxes, taxableMinor, exponent);
  const taxTotalMinor = sumOf(taxes.map((tax) => tax.amountMinor));

  return {
    currency: input.currency,
    exponent,
    lines: lines.map(({ grossMinor, discountMinor, netMinor }) => ({ grossMinor, discountMinor, netMinor })),
    subtotalMinor,
    discounts,
    discountTotalMinor,
    taxableMinor,
    taxes,
    taxTotalMinor,
    totalMinor: taxableMinor + taxTotalMinor,
  };
}

/** Step 1: one line's gross, discount and net, plus the tax group it names. */
function computeLine(item: LineItem, path: string, exponent: number): ParsedLine {
  const quantity = parseDecimal(item.quantity, `${path}.quantity`, { maxFractionDigits: QUANTITY_DECIMALS });
  const unitPrice = parseDecimal(item.unitPrice, `${path}.unitPrice`, {
    maxFractionDigits: exponent + EXTRA_UNIT_PRICE_DECIMALS,
  });
  const discount = isAbsent(item.discountPercent)
    ? null
    : percentToFraction(parsePercent(item.discountPercent, `${path}.discountPercent`));
  const tax = isAbsent(item.taxPercent)
    ? null
    : parseTaxRate(item.taxName ?? DEFAULT_TAX_NAME, item.taxPercent, `${path}.taxName`, `${path}.taxPercent`);

  const gross = multiply(quantity, unitPrice);
  const grossMinor = roundToScale(gross, exponent);
  // Round the exact net once rather than subtracting a separately rounded discount.
  const netMinor = discount === null ? grossMinor : roundToScale(multiply(gross, complement(discount)), exponent);
  return { grossMinor, discountMinor: grossMinor - netMinor, netMinor, tax };
}

/** Step 3: the invoice-level discounts, each with its amount in minor units. */
function computeDiscounts(
  discounts: readonly InvoiceDiscount[],
  subtotalMinor: bigint,
  exponent: number,
): DiscountTotal[] {
  const subtotal: Decimal = { units: subtotalMinor, scale: exponent };
  let percentSoFar: Decimal = { units: 0n, scale: 0 };
  let percentAmountSoFar = 0n;
  let totalSoFar = 0n;

  return discounts.map((discount, index) => {
    const path = `discounts[${index}]`;
    const valueField = `${path}.value`;
    let amountMinor: bigint;
    let value: Decimal;

    if (discount.kind === "percent") {
      value = parsePercent(discount.value, valueField);
      percentSoFar = addDecimals(percentSoFar, percentToFraction(value));
      if (percentSoFar.units > pow10(percentSoFar.scale)) {
        throw new MoneyError(valueField, "out_of_range", "percent discounts add up to more than 100%");
      }
      // Cumulative rounding: the percent discounts together take round(subtotal × Σ%).
      const cumulative = roundToScale(multiply(subtotal, percentSoFar), exponent);
      amountMinor = cumulative - percentAmountSoFar;
      percentAmountSoFar = cumulative;
    } else if (discount.kind === "fixed") {
      value = parseDecimal(discount.value, valueField, { maxFractionDigits: exponent, nonNegative: true });
      amountMinor = roundToScale(value, exponent); // exact: the value fits the exponent
    } else {
      throw new MoneyError(`${path}.kind`, "invalid_value", `must be "percent" or "fixed", got ${JSON.stringify(discount.kind)}`);
    }

    totalSoFar += amountMinor;
    assertDiscountWithinSubtotal(totalSoFar, subtotalMinor, exponent, valueField);
    return {
      description: discount.description ?? null,
      kind: discount.kind,
      value: decimalToString(value),
      amountMinor,
    };
  });
}

/** taxable must stay between 0 and the subtotal: discounts reduce an amount, never flip its sign. */
function assertDiscountWithinSubtotal(discountMinor: bigint, subtotalMinor: bigint, exponent: number, field: string): void {
  const withinRange =
    // Stryker disable next-line EqualityOperator: equivalent — at subtotal 0 both branches accept exactly a discount of 0
    subtotalMinor >= 0n
      // Stryker disable next-line ConditionalExpression: equivalent — on a non-negative subtotal no discount amount is negative (fixed ≥ 0 is parsed, percent amounts ≥ 0)
      ? discountMinor >= 0n && discountMinor <= subtotalMinor
      // Stryker disable next-line ConditionalExpression: equivalent — on a negative subtotal only percent discounts (≤ 100 % in total) can stay ≤ 0, and they never pass the subtotal
      : discountMinor <= 0n && discountMinor >= subtotalMinor;
  if (withinRange) return;
  const subtotal = minorToDecimal(subtotalMinor, exponent);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — an out-of-range discount on a negative subtotal is always > 0 (see withinRange)
  if (subtotalMinor < 0n && discountMinor > 0n) {
    throw new MoneyError(
      field,
      "discount_exceeds_subtotal",
      `a fixed discount cannot apply to a negative subtotal (${subtotal})`,
    );
  }
  throw new MoneyError(
    field,
    "discount_exceeds_subtotal",
    `the discounts (${minorToDecimal(discountMinor, exponent)}) exceed the subtotal (${subtotal})`,
  );
}

/**
 * Step 4: each line's share of the invoice discounts, proportional to its net.
 * Ties are broken by tax group so the group bases don't depend on line order.
 */
function discountedLineBases(lines: readonly ParsedLine[], discountTotalMinor: bigint): bigint[] {
  const nets = lines.map((line) => line.netMinor);
  const tieKeys = lines.map((line) => (line.tax === null ? "" : groupKey(line.tax)));
  const shares = allocateProportionally(discountTotalMinor, nets, tieKeys);
  return nets.map((net, index) => net - shares[index]!);
}

/** Step 5: one tax per (name, rate), computed once on the group's base. */
function computeTaxes(
  lines: readonly ParsedLine[],
  lineBases: readonly bigint[],
  invoiceTaxes: readonly InvoiceTax[],
  taxableMinor: bigint,
  exponent: number,
): TaxTotal[] {
  const groups = new Map<string, TaxGroup>();

  lines.forEach((line, index) => {
    if (line.tax === null) return;
    const key = groupKey(line.tax);
    const group = groups.get(key) ?? { ...line.tax, baseMinor: 0n };
    group.baseMinor += lineBases[index]!;
    groups.set(key, group);
  });

  const invoiceTaxKeys = new Set<string>();
  invoiceTaxes.forEach((invoiceTax, index) => {
    const path = `taxes[${index}]`;
    const tax = parseTaxRate(invoiceTax.name, invoiceTax.rate, `${path}.name`, `${path}.rate`);
    const key = groupKey(tax);
    if (invoiceTaxKeys.has(key)) {
      throw new MoneyError(path, "invalid_value", `${tax.name} ${tax.rateText}% is listed twice`);
    }
    invoiceTaxKeys.add(key);
    // Every line is in this group, each once, even if some lines also name it themselves.
    const group = groups.get(key) ?? { ...tax, baseMinor: 0n };
    group.baseMinor = taxableMinor;
    groups.set(key, group);
  });

  return [...groups.values()].map((group) => ({
    name: group.name,
    rate: group.rateText,
    baseMinor: group.baseMinor,
    amountMinor: roundToScale(multiply({ units: group.baseMinor, scale: exponent }, group.fraction), exponent),
  }));
}

function parseTaxRate(name: unknown, rate: unknown, nameField: string, rateField: string): TaxRate {
  if (typeof name !== "string") {
    throw new MoneyError(nameField, "invalid_value", "must be a string");
  }
  const percent = parsePercent(rate, rateField);
  return {
    // "VAT " and "VAT" are one tax; a blank name is the default one.
    name: name.trim() || DEFAULT_TAX_NAME,
    rateText: decimalToString(percent),
    fraction: percentToFraction(percent),
  };
}

function groupKey(tax: TaxRate): string {
  return `${tax.name}\u0000${tax.rateText}`;
}

/** Optional fields are absent when null or undefined; "" is a (rejected) value, not absence. */
function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

function sumOf(values: readonly bigint[]): bigint {
  return values.reduce((sum, value) => sum + value, 0n);
}
