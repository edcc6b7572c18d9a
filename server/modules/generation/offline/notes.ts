/** Pass: notes ("Note: …", a quoted note, a thank-you line). */
import { collapse, groupStart } from "./text.ts";
import type { Work } from "./work.ts";

const DIRECTIVE = /\b(?:due|pay|payment|tax|vat|gst|discount|net\s*\d|bank|iban|invoice|bill|charge|add|plus)\b|%|\d/i;

export function passNotes(w: Work): string | null {
  const notes: string[] = [];
  w.each(
    /\b(?:notes?|memo|message|comment|remarks?|hinweis|anmerkung|bemerkung|remarque|nota)[ \t]*:[ \t]*([^\n\0]+)/dgi,
    (m) => {
      const rest = m[1] ?? "";
      // Keep sentences until one that reads like another instruction.
      let keptEnd = rest.length;
      const boundary = /[.!?]\s+/g;
      for (let b = boundary.exec(rest); b !== null; b = boundary.exec(rest)) {
        const next = rest.slice(b.index + b[0].length, b.index + b[0].length + 400).split(/(?<=[.!?])\s+/)[0] ?? "";
        if (DIRECTIVE.test(next)) {
          keptEnd = b.index + 1;
          break;
        }
      }
      const note = collapse(rest.slice(0, keptEnd)).replace(/^["']|["']$/g, "");
      if (note) notes.push(note);
      return [m.index, groupStart(m, 1) + keptEnd];
    },
  );
  w.each(
    /\b(?:add|include|with|put)[ \t]+(?:a|the)?[ \t]*note[ \t]*(?:saying|that says|reading|:)?[ \t]*"([^"\n\0]+)"/dgi,
    (m) => {
      notes.push(collapse(m[1] ?? ""));
      return true;
    },
  );
  w.each(
    /\b(?:thank(?:s| you)(?:[ \t]+(?:so|very)[ \t]+much)?[ \t]+for[ \t]+(?:your|the)[ \t]+(?:business|order|trust|cooperation|support|work|patronage|purchase)|vielen[ \t]+dank[ \t]+für[ \t]+ihr(?:en)?[ \t]+(?:auftrag|vertrauen|einkauf)|merci[ \t]+pour[ \t]+votre[ \t]+(?:confiance|commande)|gracias[ \t]+por[ \t]+su[ \t]+(?:confianza|compra|preferencia))[!.]?/dgi,
    (m) => {
      notes.push(collapse(m[0]));
      return true;
    },
  );
  return notes.length > 0 ? notes.join("\n") : null;
}
