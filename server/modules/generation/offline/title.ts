/** Pass: the invoice title ("titled \"…\"", "Subject: …"). */
import { collapse, groupStart } from "./text.ts";
import type { Work } from "./work.ts";

export function passTitle(w: Work): string | null {
  let title: string | null = null;
  w.each(
    /\b(?:titled|entitled|called|named|with[ \t]+(?:the[ \t]+)?title|title[ \t]*:|subject[ \t]*:|project[ \t]*:)[ \t]*"([^"\n\0]{1,100})"/dgi,
    (m) => {
      title ??= collapse(m[1] ?? "");
      return true;
    },
  );
  w.each(/(?:^|\n)[ \t]*(?:title|subject|project|titel|betreff|objet|asunto)[ \t]*:[ \t]*([^\n\0"]{1,100})/dgi, (m) => {
    title ??= collapse(m[1] ?? "");
    return [groupStart(m, 0) + m[0].search(/\S/), m.index + m[0].length];
  });
  return title;
}
