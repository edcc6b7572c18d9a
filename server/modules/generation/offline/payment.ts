/** Pass: payment details (IBAN, SWIFT/BIC, routing and account numbers, banks, PayPal, Venmo, Zelle). */
import { EMAIL_SRC } from "./contacts.ts";
import { collapse, groupStart } from "./text.ts";
import type { Work } from "./work.ts";

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

/** ISO 13616 check: move the first four characters to the end, letters → numbers, mod 97 = 1. */
export function ibanChecksumValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const BANK_NAME_SRC = String.raw`(?<![\p{L}&'.-])(?:[\p{Lu}][\p{L}&'.-]*[ \t]+){0,3}?(?:Bank|Banking|Bancorp|Credit[ \t]+Union|Sparkasse|Volksbank|Raiffeisenbank|Banque|Banco)(?:[ \t]+(?:of|de|du)[ \t]+[\p{Lu}][\p{L}]*(?:[ \t]+[\p{Lu}][\p{L}]*)?)?|Bank[ \t]+of[ \t]+[\p{Lu}][\p{L}]*(?:[ \t]+[\p{Lu}][\p{L}]*)?`;
const GENERIC_BANK_SRC = String.raw`(?<![\p{L}&'.-])[\p{Lu}][\p{L}&'.-]*(?:[ \t]+[\p{Lu}][\p{L}&'.-]*){0,2}`;
const ACCOUNT_WORD = String.raw`(?:[Aa]ccount|ACCOUNT|[Aa]cct\.?|[Aa]\/[Cc]|[Kk]onto(?:nummer)?|[Cc]ompte|[Cc]uenta)`;
const ACCOUNT_NO = String.raw`\d{2,}(?:[ -]\d{2,})*`;
const NUMBER_WORD = String.raw`(?:[ \t]*(?:number|no\.?|nr\.?|num(?:ber|éro)?|#))?`;

function cleanBankName(raw: string): string | null {
  const name = collapse(raw).replace(/\.$/, "");
  if (/^(?:my|our|the|a|your|bank|payment|pay|transfer|wire)$/i.test(name)) return null;
  if (/^(?:Bank|Payment|Pay|Transfer|Wire|Send|The|My|Our)\b/.test(name) && !/^Bank[ \t]+of\b/.test(name)) {
    return /\bBank$/.test(name) && name.split(" ").length > 1 ? name : null;
  }
  return name;
}

export function passPayment(w: Work): void {
  const add = (pos: number, label: string, value: string) => {
    const v = collapse(value);
    if (v && !w.payment.some((p) => p.line.label === label && p.line.value === v)) {
      w.payment.push({ pos, line: { label, value: v } });
    }
  };

  // IBAN: validated by country length (and checksum when not labelled "IBAN").
  w.each(/(\b(?:IBAN|iban|Iban)\b[ \t]*(?:no\.?|number|nr\.?|#)?[ \t]*[:#]?[ \t]*)?\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){8,34})/dg, (m) => {
    const labelled = m[1] !== undefined;
    const raw = m[2] ?? "";
    const country = raw.slice(0, 2);
    const length = IBAN_LENGTHS[country];
    if (length === undefined) return;
    let compact = "";
    let used = 0;
    for (const ch of raw) {
      if (compact.length === length) break;
      used++;
      if (ch !== " ") compact += ch;
    }
    if (compact.length !== length) return;
    if (!labelled && !ibanChecksumValid(compact)) return;
    add(groupStart(m, 2), "IBAN", compact.replace(/(.{4})(?=.)/g, "$1 "));
    return [m.index, groupStart(m, 2) + used];
  });

  w.each(
    /\b(SWIFT(?:[ \t]*\/[ \t]*BIC)?|BIC(?:[ \t]*\/[ \t]*SWIFT)?)(?:[ \t-]*code)?[ \t]*(?:no\.?|number)?[ \t]*[:#]?[ \t]*([A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?)\b/dgi,
    (m) => {
      const label = (m[1] ?? "").toUpperCase().replace(/\s+/g, "");
      add(groupStart(m, 2), label, (m[2] ?? "").toUpperCase());
      return true;
    },
  );

  w.each(/\b(?:routing|ABA|RTN)(?:[ \t]*(?:transit)?[ \t]*(?:number|no\.?|#|nr))?[ \t]*[:#]?[ \t]*(\d{9})\b/dgi, (m) => {
    add(groupStart(m, 1), "Routing number", m[1] ?? "");
    return true;
  });
  w.each(/\bsort[ \t]*code[ \t]*[:#]?[ \t]*(\d{2}[- ]?\d{2}[- ]?\d{2})\b/dgi, (m) => {
    add(groupStart(m, 1), "Sort code", m[1] ?? "");
    return true;
  });
  w.each(/\bBSB[ \t]*[:#]?[ \t]*(\d{3}-?\d{3})\b/dgi, (m) => {
    add(groupStart(m, 1), "BSB", m[1] ?? "");
    return true;
  });

  // PayPal / Venmo / Zelle.
  w.each(
    new RegExp(
      String.raw`(?:\b(?:via|by|through|on|using|with)[ \t]+)?\bpay[ \t]?pal\b(?:[ \t]+(?:account|address|email|e-mail))?[ \t]*(?:[:(]|\bto\b|\bat\b|-)?[ \t]*(${EMAIL_SRC}|(?:https?:\/\/)?(?:www\.)?paypal\.me\/[\w-]+)\)?`,
      "dgi",
    ),
    (m) => {
      add(groupStart(m, 1), "PayPal", m[1] ?? "");
      return true;
    },
  );
  w.each(new RegExp(String.raw`(${EMAIL_SRC})[ \t]*\(?[ \t]*(?:on|via)?[ \t]*paypal\)?`, "dgi"), (m) => {
    add(groupStart(m, 1), "PayPal", m[1] ?? "");
    return true;
  });
  w.each(/(?:\b(?:https?:\/\/)?(?:www\.)?paypal\.me\/[\w-]+)/dgi, (m) => {
    add(m.index, "PayPal", m[0]);
    return true;
  });
  w.each(/\bvenmo\b[ \t]*(?:[:(]|\bto\b|\bat\b)?[ \t]*(@[\w-]+)\)?/dgi, (m) => {
    add(groupStart(m, 1), "Venmo", m[1] ?? "");
    return true;
  });
  w.each(new RegExp(String.raw`\bzelle\b[ \t]*(?:[:(]|\bto\b|\bat\b)?[ \t]*(${EMAIL_SRC}|\+?\d[\d ()-]{6,}\d)\)?`, "dgi"), (m) => {
    add(groupStart(m, 1), "Zelle", m[1] ?? "");
    return true;
  });

  // "Bank: Chase Bank" label.
  w.each(/\b(?:bank(?:[ \t]+name)?|banque|bankname|banco)[ \t]*:[ \t]*([^\n\0,;]+?)(?=[ \t]*(?:$|[\n\0,;]|\.(?:\s|$)))/dgim, (m) => {
    add(groupStart(m, 1), "Bank", m[1] ?? "");
    return true;
  });
  // "account holder: Jane Doe".
  w.each(/\b(?:account[ \t]+holder|account[ \t]+name|beneficiary|Kontoinhaber|titulaire)[ \t]*:?[ \t]*([\p{Lu}][^\n\0,;]*?)(?=[ \t]*(?:$|[\n\0,;]|\.(?:\s|$)))/dgimu, (m) => {
    add(groupStart(m, 1), "Account holder", m[1] ?? "");
    return true;
  });

  // "(to|into) Chase Bank account 1234567890".
  w.each(
    new RegExp(
      String.raw`(?:\b(?:to|into|at|with|via|in|through)[ \t]+(?:(?:my|our|the)[ \t]+)?)?(${BANK_NAME_SRC}|${GENERIC_BANK_SRC})[ \t]+${ACCOUNT_WORD}${NUMBER_WORD}[ \t]*[:#]?[ \t]*(${ACCOUNT_NO})`,
      "dgu",
    ),
    (m) => {
      const bank = cleanBankName(m[1] ?? "");
      if (bank) add(groupStart(m, 1), "Bank", bank);
      add(groupStart(m, 2), "Account", m[2] ?? "");
      // Leave a leading "to"/"into" consumed too: it is part of the payment phrase.
      return true;
    },
  );
  // "account (number) 1234567890 (at Chase Bank)".
  w.each(
    new RegExp(
      String.raw`(?:\b(?:bank|Bank)[ \t]+)?${ACCOUNT_WORD}${NUMBER_WORD}[ \t]*[:#]?[ \t]*(${ACCOUNT_NO})(?:[ \t]*(?:at|with|@|bei|chez|en)[ \t]+(${BANK_NAME_SRC}|${GENERIC_BANK_SRC}))?`,
      "dgu",
    ),
    (m) => {
      add(groupStart(m, 1), "Account", m[1] ?? "");
      if (m[2]) {
        const bank = cleanBankName(m[2]);
        if (bank) add(groupStart(m, 2), "Bank", bank);
      }
      return true;
    },
  );
  // A bare bank name: "by transfer to Deutsche Bank".
  w.each(
    new RegExp(String.raw`(?:\b(?:to|into|at|with|via|through)[ \t]+(?:(?:my|our|the)[ \t]+)?)?(${BANK_NAME_SRC})`, "dgu"),
    (m) => {
      const bank = cleanBankName(m[1] ?? "");
      if (!bank || !/\p{Lu}/u.test(bank.charAt(0))) return;
      add(groupStart(m, 1), "Bank", bank);
      return true;
    },
  );
  w.payment.sort((a, b) => a.pos - b.pos);
}
