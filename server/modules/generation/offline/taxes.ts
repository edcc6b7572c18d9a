/** Pass: taxes with their rates ("10% tax", "MwSt 19%"); a tax named without a rate is noted, never guessed. */
import type { TaxExtraction } from "../extraction.ts";
import { compareDecimal } from "../numbers.ts";
import { RATE_SRC } from "./number-vocabulary.ts";
import { capitalise, collapse, word } from "./text.ts";
import type { Work } from "./work.ts";

const TAX_NAMES: ReadonlyArray<readonly [string, string]> = [
  [String.raw`sales[ \t]+tax`, "Sales tax"],
  [String.raw`state[ \t]+(?:sales[ \t]+)?tax`, "State tax"],
  [String.raw`city[ \t]+tax`, "City tax"],
  [String.raw`local[ \t]+tax`, "Local tax"],
  [String.raw`service[ \t]+tax`, "Service tax"],
  [String.raw`consumption[ \t]+tax`, "Consumption tax"],
  [String.raw`withholding[ \t]+tax`, "Withholding tax"],
  [String.raw`value[- ]added[ \t]+tax`, "VAT"],
  [String.raw`VAT`, "VAT"],
  [String.raw`GST`, "GST"],
  [String.raw`HST`, "HST"],
  [String.raw`PST`, "PST"],
  [String.raw`QST`, "QST"],
  [String.raw`TVQ`, "TVQ"],
  [String.raw`TPS`, "TPS"],
  [String.raw`TVH`, "TVH"],
  [String.raw`TVA`, "TVA"],
  [String.raw`MwSt\.?|MWST\.?|Mehrwertsteuer`, "MwSt"],
  [String.raw`USt\.?|Umsatzsteuer`, "USt"],
  [String.raw`IVA`, "IVA"],
  [String.raw`IGIC`, "IGIC"],
  [String.raw`IGST`, "IGST"],
  [String.raw`CGST`, "CGST"],
  [String.raw`SGST`, "SGST"],
  [String.raw`BTW`, "BTW"],
  [String.raw`moms`, "Moms"],
  [String.raw`KDV`, "KDV"],
  [String.raw`tax(?:es)?`, "Tax"],
  [String.raw`Steuer`, "Steuer"],
  [String.raw`impuestos?`, "Impuesto"],
  [String.raw`taxes?`, "Taxe"],
];
const TAX_NAME_SRC = TAX_NAMES.map(([src]) => `(?:${src})`).join("|");
const LEAD_VERB_SRC = String.raw`(?:(?<![\p{L}\p{N}])(?:add|adding|plus|with|and|apply|applying|charge|charging|incl(?:uding|\.)?|inkl\.?|zzgl\.?|zuzüglich|include|\+)[ \t]+(?:(?:a|an|the)[ \t]+)?)?`;

function taxName(raw: string): string {
  const name = collapse(raw);
  for (const [src, canonical] of TAX_NAMES) {
    if (new RegExp(`^(?:${src})$`, "iu").test(name)) return canonical;
  }
  return capitalise(name);
}

export function passTaxes(w: Work): TaxExtraction[] {
  const taxes: TaxExtraction[] = [];
  const add = (name: string, rateText: string): true | undefined => {
    const rate = w.number(rateText, true);
    if (rate === null || compareDecimal(rate, "100") > 0) return undefined;
    if (!taxes.some((t) => t.name === name && t.rate === rate)) taxes.push({ name, rate });
    return true;
  };
  // "10% tax", "19% VAT", "8.875% sales tax", "20 % TVA", "19% German VAT".
  w.each(
    new RegExp(
      String.raw`${LEAD_VERB_SRC}(?<![\p{N}.,])(${RATE_SRC})[ \t]*%[ \t]*(?:(?:of|de|d')[ \t]*)?(?:(${word(TAX_NAME_SRC)})|(?!(?:and|or|plus|with|und|et|y|on|for)(?![\p{L}]))[\p{L}-]+[ \t]+(${word(TAX_NAME_SRC)}))`,
      "dgiu",
    ),
    (m) => add(taxName(m[2] ?? m[3] ?? "Tax"), m[1] ?? ""),
  );
  // "GST 5%", "tax of 10%", "VAT (20%)", "MwSt 19%", "Sales tax: 8.875%", "tax rate 10%".
  w.each(
    new RegExp(
      String.raw`${LEAD_VERB_SRC}(${word(TAX_NAME_SRC)})(?:[ \t]+rate)?[ \t]*(?:(?:of|at|@|:|=|\(|de|von|zu|del|à|rate[ \t]+of)[ \t]*)?(${RATE_SRC})[ \t]*(%)?[ \t]*\)?`,
      "dgiu",
    ),
    (m) => {
      if (!m[3]) {
        // Without "%", accept only a plausible rate not followed by a currency or another digit.
        const after = w.masked.slice(m.index + m[0].length, m.index + m[0].length + 24);
        if (!/^\s*(?:$|[,.;)\n\0]|and\b|plus\b)/i.test(after)) return;
      }
      return add(taxName(m[1] ?? "Tax"), m[2] ?? "");
    },
  );
  // A tax without a rate ("plus tax", "add VAT"): the rate is missing, never guessed.
  w.each(
    new RegExp(
      String.raw`${word(String.raw`(?:add|plus|with|charge|apply|zzgl\.?|zuzüglich|\+)[ \t]+(?:the[ \t]+|applicable[ \t]+)*(?:${TAX_NAME_SRC})`)}`,
      "giu",
    ),
    () => {
      w.taxWithoutRate = true;
      return true;
    },
  );
  if (taxes.length > 0) w.taxWithoutRate = false;
  return taxes;
}
