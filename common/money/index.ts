/** Exact money arithmetic and invoice totals, shared by the server, the SPA and the PDF renderer. */
export {
  DECIMAL_PATTERN,
  type Decimal,
  decimalToString,
  divideRoundHalfAwayFromZero,
  isDecimalString,
  MAX_INTEGER_DIGITS,
  MoneyError,
  type MoneyErrorCode,
  minorToDecimal,
  multiply,
  multiplyToScale,
  normalize,
  parseDecimal,
  type ParseDecimalOptions,
  parsePercent,
  percentToFraction,
  roundToScale,
} from "./decimal.ts";
export { assertCurrency, currencyExponent, isKnownCurrency } from "./currency.ts";
export { allocateProportionally } from "./allocate.ts";
export {
  computeTotals,
  DEFAULT_TAX_NAME,
  EXTRA_UNIT_PRICE_DECIMALS,
  QUANTITY_DECIMALS,
} from "./totals.ts";
export { formatDecimal, formatMoney } from "./format.ts";
