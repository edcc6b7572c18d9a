/** Pass: invoice numbers (dropped: the server assigns them) and purchase-order numbers (the customer's). */
import type { Work } from "./work.ts";

export function passReferences(w: Work): void {
  // Invoice numbers are assigned by the server: read and drop.
  w.each(
    /\b(?:invoice|rechnung|facture|factura)[ \t]*(?:no\.?|number|nr\.?|num(?:ber|éro)?|n°|#)[ \t]*[:#]?[ \t]*[A-Za-z]*[-/]?\d[\w/-]*/dgi,
    () => true,
  );
  w.each(/(?:^|[ \t(])#\d[\w-]*/dg, (m) => [m.index + (m[0].indexOf("#")), m.index + m[0].length]);
  // Purchase-order numbers belong to the customer's block.
  w.each(/\b(?:PO|P\.O\.|purchase[ \t]+order)(?:[ \t]*(?:no\.?|number|#|nr\.?))?[ \t]*[:#]?[ \t]*([A-Za-z0-9-]*\d[A-Za-z0-9-]*)/dg, (m) => {
    w.toLines.push({ label: "PO", value: m[1] ?? "" });
    return true;
  });
}
