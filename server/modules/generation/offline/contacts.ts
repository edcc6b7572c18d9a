/** Passes: emails and contact lines (tax IDs, phones, addresses), kept pending until the parties are known. */
import { collapse } from "./text.ts";
import type { Work } from "./work.ts";

export const EMAIL_SRC = String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;

export function passContactLines(w: Work): void {
  w.each(
    /\b(VAT[ \t]*(?:ID|No\.?|number|reg(?:istration)?\.?(?:[ \t]*(?:no\.?|number))?)|USt-?Id(?:Nr)?\.?|USt-?IdNr\.?|Tax[ \t]*ID|TIN|EIN|ABN|GSTIN|SIRET|SIREN|NIF|CIF|N°[ \t]*TVA)[ \t]*[:#]?[ \t]*([A-Z]{0,3}[ \t]?\d[\d .-]{3,18}\d[A-Z]?)/dgi,
    (m) => {
      w.pending.push({ pos: m.index, kind: "line", label: collapse(m[1] ?? ""), value: collapse(m[2] ?? "") });
      return true;
    },
  );
  w.each(
    /\b(phone|tel\.?|telephone|mobile|cell|telefon|tél\.?|teléfono)[ \t]*[:#]?[ \t]*(\+?\d[\d ()./-]{5,18}\d)/dgi,
    (m) => {
      w.pending.push({ pos: m.index, kind: "line", label: "Phone", value: collapse(m[2] ?? "") });
      return true;
    },
  );
  w.each(
    /\b(?:address|adresse|anschrift|dirección|direccion)(?:[ \t]+is)?[ \t]*:?[ \t]+([^\n\0;]+?)(?=[ \t]*(?:$|[\n\0;]|\.\s+\p{Lu}|,?[ \t]+(?:e-?mail|phone|tel|vat|and[ \t]+(?:e-?mail|phone))\b))/dgimu,
    (m) => {
      const value = collapse(m[1] ?? "").replace(/[\s,;:]+$/, "");
      if (value) w.pending.push({ pos: m.index, kind: "address", label: "Address", value });
      return true;
    },
  );
}

export function passEmails(w: Work): void {
  w.each(new RegExp(EMAIL_SRC, "g"), (m) => {
    w.pending.push({ pos: m.index, kind: "email", label: "Email", value: m[0] });
    return true;
  });
}
