/** Pass: the customer ("to") and the sender ("from"), then the contact lines pending for each. */
import type { PartyExtraction } from "../extraction.ts";
import { MONTHS } from "./dates.ts";
import { alternation, collapse, groupEnd, groupStart } from "./text.ts";
import type { Role, Work } from "./work.ts";

const NAME_WORD = String.raw`[\p{Lu}][\p{L}\p{M}\p{N}'’.&-]*`;
const NAME_CONNECTOR = String.raw`(?:of|and|&|de|du|des|la|le|van|von|der|den|del|da|di|y|zu|und|et)`;
const NAME_SRC = String.raw`${NAME_WORD}(?:[ \t]+(?:${NAME_CONNECTOR}[ \t]+)?${NAME_WORD}){0,5}`;

const COMPANY_SUFFIX =
  /(?:^|\s)(?:Inc|Incorporated|Corp|Corporation|LLC|L\.L\.C|Ltd|Limited|GmbH|gGmbH|AG|KG|OHG|UG|e\.K|e\.V|SA|S\.A|SARL|SAS|S\.A\.S|SL|S\.L|SpA|S\.p\.A|Srl|S\.r\.l|BV|B\.V|NV|N\.V|Pty|PLC|LLP|LP|Co|Company|Group|Holdings|Partners|Associates|Studio|Studios|Agency|Labs|Solutions|Technologies|Systems|Industries|Enterprises|Ventures|Media|Sons|Bros)\.?$/;

/** Words that cannot start a party name (sentence starters, months, invoice vocabulary). */
export const NOT_NAME_START = new Set(
  (
    "this that these my our your his her their a an invoice invoices payment payments please pay net due tax taxes vat " +
    "total each per hours hour days day add plus thanks thank note notes bank account iban swift bic item items " +
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday q1 q2 q3 q4 i we it " +
    "discount subtotal client customer from to for and with rechnung facture factura bitte merci gracias " +
    Object.keys(MONTHS).join(" ")
  ).split(" "),
);

/** Words that end a party name when they appear in it ("for Acme Corp Payment due …"). */
const NAME_STOP = new Set(
  ("add plus payment payments please pay net due tax vat total thanks thank note notes invoice bank account iban swift " +
    "bic discount the a an i we it include including with and for from to at by on in of").split(" "),
);

/** Words that describe work rather than name a party ("invoice for Website Design"). */
const ITEM_WORDS = new Set(
  (
    "consulting consultancy design designs development dev services service work hosting support maintenance website " +
    "websites web site logo marketing training translation translations photography photos photo video videos editing " +
    "writing copywriting coaching repairs repair cleaning installation setup labor labour materials software app apps " +
    "mobile seo branding audit research project projects redesign content strategy management licenses license " +
    "subscription consultation session sessions lessons lesson tutoring beratung entwicklung gestaltung prestation " +
    "développement conseil consultoría desarrollo diseño january february march april may june july august september " +
    "october november december q1 q2 q3 q4 the my our your new"
  ).split(" "),
);

interface NameParts {
  name: string;
  /** Offset just past the kept name (relative to the match of the name). */
  length: number;
}

/** Trim a captured name to what is a name: stop words, sentence ends, trailing connectors. */
function cleanName(raw: string): NameParts | null {
  const tokens = raw.split(/([ \t]+)/);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i] ?? "";
    const bare = token.replace(/[.,]+$/, "").toLowerCase();
    if (kept.length === 0 && NOT_NAME_START.has(bare)) return null;
    if (kept.length > 0 && (NAME_STOP.has(bare) || MONTHS[bare] !== undefined)) break;
    if (kept.length > 0) kept.push(tokens[i - 1] ?? " ");
    kept.push(token);
    // A word ending in "." ends the name unless it is an initial ("J.") or inner-dotted ("S.A.").
    const title = /^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Hr|Fr|Mme|Mlle|M)\.$/.test(token);
    if (/\.$/.test(token) && !title && !/^\p{Lu}\.$/u.test(token) && !/\..+\.$/.test(token)) break;
  }
  while (kept.length > 0) {
    const last = (kept[kept.length - 1] ?? "").toLowerCase();
    if (/^[ \t]+$/.test(last) || /^(?:of|and|&|de|du|des|la|le|van|von|der|den|del|da|di|y|zu|und|et)$/.test(last)) kept.pop();
    else break;
  }
  if (kept.length === 0) return null;
  const length = kept.join("").length;
  let name = kept.join("").replace(/[,;:]+$/, "");
  if (/\.$/.test(name) && !/\.\S+\.$/.test(name.split(" ").pop() ?? "")) name = name.replace(/\.$/, "");
  name = collapse(name);
  if (!name) return null;
  const words = name.toLowerCase().split(" ");
  if (!COMPANY_SUFFIX.test(name) && words.every((t) => ITEM_WORDS.has(t.replace(/[.,]$/, "")) || NAME_STOP.has(t))) {
    return null;
  }
  return { name, length };
}

function isCompany(name: string): boolean {
  return COMPANY_SUFFIX.test(name);
}

interface PartyHit {
  role: Role;
  pos: number;
  labelled: boolean;
  name: string;
  company: string | null;
  start: number;
  end: number;
}

export function passParties(w: Work, from: PartyExtraction, to: PartyExtraction): void {
  const hits: PartyHit[] = [];
  const ci = (kw: string) => kw.replace(/^(\p{L})/u, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
  const toKeywords = ["for", "to", "bill", "billed to", "bill to", "invoice", "invoicing", "charge", "charging", "client", "customer"];
  if (w.lang === "de") toKeywords.push("für", "an");
  if (w.lang === "fr") toKeywords.push("pour", "à");
  if (w.lang === "es") toKeywords.push("para", "a");
  const fromKeywords = ["from", "issued by", "sent by", "billed by", "invoiced by"];
  if (w.lang === "de") fromKeywords.push("von");
  if (w.lang === "fr") fromKeywords.push("de la part de");
  if (w.lang === "es") fromKeywords.push("de parte de");

  const second = String.raw`(?:([ \t]*,[ \t]*|[ \t]+(?:at|of|with|@|c\/o|bei|chez)[ \t]+)(${NAME_SRC}))?`;

  const scan = (role: Role, keywords: string[]) => {
    const kw = alternation(keywords.map((k) => k.split(" ").map(ci).join(String.raw`[ \t]+`)));
    w.each(new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${kw})[ \t]+(${NAME_SRC})${second}`, "dgu"), (m) => {
      const first = cleanName(m[1] ?? "");
      if (!first) return;
      const nameStart = groupStart(m, 1);
      let end = nameStart + first.length;
      let company: string | null = null;
      let name = first.name;
      const firstComplete = first.length >= (m[1] ?? "").replace(/[ \t.,]+$/, "").length - 1;
      if (m[3] && firstComplete) {
        const other = cleanName(m[3]);
        const viaComma = /,/.test(m[2] ?? "");
        if (other && (!viaComma || isCompany(other.name))) {
          company = other.name;
          end = groupStart(m, 3) + other.length;
        }
      }
      if (role === "from" && company === null && isCompany(name)) {
        company = name;
        name = "";
      }
      hits.push({ role, pos: m.index, labelled: false, name, company, start: m.index, end });
    });
  };

  // Labelled lines first: "Client: Acme Corp", "From: Jane Doe".
  const labelled = (role: Role, labels: string) => {
    w.each(
      new RegExp(String.raw`(?<![\p{L}])(?:${labels})[ \t]*:[ \t]*([^\n\0,;(<]+?)(?=[ \t]*(?:$|[\n\0,;(<]|\.(?:\s|$)|[ \t]+-[ \t]))`, "dgimu"),
      (m) => {
        const value = collapse(m[1] ?? "");
        if (!value || /^\d/.test(value)) return;
        const parts = /^(.+?)[ \t]+(?:at|of|from|@)[ \t]+(.+)$/.exec(value);
        let name = value;
        let company: string | null = null;
        if (parts && /^\p{Lu}/u.test(parts[2] ?? "")) {
          name = parts[1] ?? value;
          company = parts[2] ?? null;
        }
        if (role === "from" && company === null && isCompany(name)) {
          company = name;
          name = "";
        }
        hits.push({ role, pos: m.index, labelled: true, name, company, start: m.index, end: m.index + m[0].length });
      },
    );
  };
  labelled("to", "client|customer|bill(?:ed)?[ \t]*to|recipient|kunde|kundin|destinataire|cliente|to");
  labelled("from", "from|sender|seller|supplier|vendor|issuer|absender|émetteur|emisor|freelancer|contractor");
  scan("to", toKeywords);
  scan("from", fromKeywords);
  w.each(new RegExp(String.raw`\b(?:I am|I'm|my name is|this is)[ \t]+(${NAME_SRC})`, "dgiu"), (m) => {
    const first = cleanName(m[1] ?? "");
    if (!first || !/^\p{Lu}/u.test(first.name)) return;
    hits.push({ role: "from", pos: m.index, labelled: false, name: first.name, company: null, start: m.index, end: groupStart(m, 1) + first.length });
  });

  // "bill acme $300", "invoice northwind traders for 7 hours": a lower-case customer right
  // after the opening verb, only when followed by "for" or an amount.
  w.each(
    /^[ \t]*(?:(?:please|pls|can you|could you)[ \t]+)?(?:bill|invoice|charge)[ \t]+([a-z][\w&'.-]*(?:[ \t]+[a-z][\w&'.-]*){0,3}?)(?=[ \t]+(?:for\b|[$€£¥₹]|\d))/dgi,
    (m) => {
      const name = collapse(m[1] ?? "");
      const words = name.toLowerCase().split(" ");
      const stop = /^(?:them|him|her|us|me|it|my|our|the|a|an|for|to|client|customer|someone|somebody)$/;
      if (stop.test(words[0] ?? "") || NOT_NAME_START.has(words[0] ?? "") || words.every((t) => ITEM_WORDS.has(t))) return;
      hits.push({ role: "to", pos: m.index + 1_000_000, labelled: false, name, company: null, start: groupStart(m, 1), end: groupEnd(m, 1) });
    },
  );

  for (const role of ["to", "from"] as const) {
    const candidates = hits
      .filter((h) => h.role === role)
      .sort((a, b) => Number(b.labelled) - Number(a.labelled) || a.pos - b.pos);
    const chosen = candidates.find((h) => !hits.some((o) => o !== h && o.role !== role && o.start <= h.start && h.start < o.end && o.labelled));
    if (!chosen) continue;
    const party = role === "to" ? to : from;
    party.name = chosen.name || null;
    party.company = chosen.company;
    w.mentions.push({ role, pos: chosen.pos });
    w.consume(chosen.start, chosen.end);
  }
}

export function attachPending(w: Work, from: PartyExtraction, to: PartyExtraction): void {
  const roleAt = (pos: number): Role => {
    const before = w.mentions.filter((m) => m.pos < pos).sort((a, b) => b.pos - a.pos)[0];
    if (before) return before.role;
    const after = w.mentions.filter((m) => m.pos > pos).sort((a, b) => a.pos - b.pos)[0];
    return after?.role ?? "to";
  };
  for (const item of [...w.pending].sort((a, b) => a.pos - b.pos)) {
    let role = roleAt(item.pos);
    const context = w.text.slice(Math.max(0, item.pos - 25), item.pos).toLowerCase();
    if (/\b(?:send|email|mail)(?:\s+it)?\s+to\s*$/.test(context)) role = "to";
    if (/\b(?:my|our)\s+(?:e-?mail|address|phone)(?:\s+is)?\s*:?\s*$/.test(context)) role = "from";
    const party = role === "to" ? to : from;
    const other = role === "to" ? from : to;
    if (item.kind === "email") {
      if (party.email === null) party.email = item.value;
      else if (other.email === null) other.email = item.value;
    } else if (item.kind === "address") {
      if (party.address === null) party.address = item.value;
      else if (other.address === null) other.address = item.value;
    } else {
      party.lines.push({ label: item.label, value: item.value });
    }
  }
  to.lines.push(...w.toLines);
}
