/** Pass: discounts, as a percentage or a fixed amount ("10% discount", "$50 off", "less €20"). */
import type { DiscountExtraction } from "../extraction.ts";
import { CODE_SRC, currencyAfter, currencyBefore, type CurrencyHit, SYMBOL_SRC, WORDS_SRC } from "./currency-vocabulary.ts";
import { NUM_SRC, NUM_TOKEN_SRC, RATE_SRC, WINDOW } from "./number-vocabulary.ts";
import { capitalise, collapse, word } from "./text.ts";
import type { Work } from "./work.ts";

const DISCOUNT_SRC = String.raw`discount|rebate|reduction|off|rabatt|nachlass|preisnachlass|skonto|remise|réduction|rabais|descuento|rebaja`;
const DISCOUNT_LEAD_SRC = String.raw`(?:(?<![\p{L}\p{N}])(?:with|and|plus|apply|applying|give|giving|including|less|minus|take|takes|offer|\+)[ \t]+)?(?:(?<![\p{L}\p{N}])(?:a|an|the)[ \t]+)?`;
const MONEY_SRC = String.raw`(?:(?:${SYMBOL_SRC}|${CODE_SRC})[ \t]?)?${NUM_SRC}(?:[ \t]?(?:${SYMBOL_SRC}|${CODE_SRC}|${WORDS_SRC})(?![\p{L}]))?`;
const ADJECTIVE_STOP = new Set("a an the with and of on for total invoice flat fixed extra additional special".split(" "));

/** An amount with its currency from a money phrase ("$50", "20 EUR", "€1.234,56"). */
function readMoney(text: string, w: Work): { value: string; currency: CurrencyHit | null } | null {
  const m = new RegExp(NUM_TOKEN_SRC, "u").exec(text);
  if (!m) return null;
  const end = m.index + m[0].length;
  const currency = currencyBefore(text.slice(Math.max(0, m.index - WINDOW), m.index)) ?? currencyAfter(text.slice(end, end + WINDOW));
  const value = currency ? w.money(m[0], currency.code) : w.number(m[0]);
  if (value === null) return null;
  return { value, currency };
}

function discountDescription(adjectives: string | undefined): string | null {
  const words = collapse(adjectives ?? "")
    .split(" ")
    .filter((t) => t && !ADJECTIVE_STOP.has(t.toLowerCase()));
  return words.length > 0 ? `${capitalise(words.join(" "))} discount` : null;
}

export function passDiscounts(w: Work): DiscountExtraction[] {
  const discounts: DiscountExtraction[] = [];
  const lead = DISCOUNT_LEAD_SRC;
  const DISC = word(DISCOUNT_SRC);
  const ADJ = String.raw`(?:(?<![\p{L}-])([\p{L}][\p{L}-]*(?:[ \t]+[\p{L}][\p{L}-]*)?)[ \t]+)?`;
  const scope = String.raw`(?:[ \t]+(?:on|for|off)[ \t]+(?:the[ \t]+)?(?:total|everything|whole[ \t]+invoice|entire[ \t]+invoice|invoice|all|subtotal))?`;

  // "10% discount", "5 % off", "a 15% loyalty discount".
  w.each(new RegExp(String.raw`${lead}(?<![\p{N}.,])(${RATE_SRC})[ \t]*%[ \t]*${ADJ}(${DISC})${scope}`, "dgiu"), (m) => {
    const adjectives = m[2];
    if (adjectives && new RegExp(word(DISCOUNT_SRC), "iu").test(adjectives)) return;
    const value = w.number(m[1] ?? "", true);
    if (value === null) return;
    discounts.push({ description: discountDescription(adjectives), kind: "percent", value });
    return true;
  });
  // "discount of 10%", "Rabatt 5%", "loyalty discount: 10%".
  w.each(
    new RegExp(
      String.raw`${lead}${ADJ}(${DISC})[ \t]*(?:(?:of|:|=|\(|von|de|del)[ \t]*)?(${RATE_SRC})[ \t]*%\)?${scope}`,
      "dgiu",
    ),
    (m) => {
      const value = w.number(m[3] ?? "", true);
      if (value === null) return;
      discounts.push({ description: discountDescription(m[1]), kind: "percent", value });
      return true;
    },
  );
  // "a $50 discount", "minus 20 EUR discount", "$50 off", "20 € Rabatt".
  w.each(new RegExp(String.raw`${lead}(?<![\p{L}\p{N}.,])(${MONEY_SRC})[ \t]*${ADJ}(${DISC})${scope}`, "dgiu"), (m) => {
    const money = readMoney(m[1] ?? "", w);
    if (!money) return;
    discounts.push({ description: discountDescription(m[2]), kind: "fixed", value: money.value });
    return true;
  });
  // "discount of $50", "Rabatt: 20 €".
  w.each(new RegExp(String.raw`${lead}${ADJ}(${DISC})[ \t]*(?:(?:of|:|=|von|de)[ \t]*)?(${MONEY_SRC})`, "dgiu"), (m) => {
    if ((m[2] ?? "").toLowerCase() === "off") return;
    const money = readMoney(m[3] ?? "", w);
    if (!money) return;
    discounts.push({ description: discountDescription(m[1]), kind: "fixed", value: money.value });
    return true;
  });
  // "less $50", "minus €20" (only with a currency, so "minus 2 hours" stays an item).
  w.each(new RegExp(String.raw`${word("less|minus|abzüglich|moins|menos")}[ \t]+(?:(?:a|an)[ \t]+)?(${MONEY_SRC})`, "dgiu"), (m) => {
    const money = readMoney(m[1] ?? "", w);
    if (!money?.currency) return;
    discounts.push({ description: null, kind: "fixed", value: money.value });
    return true;
  });
  return discounts;
}
