/**
 * The offline extractor's accuracy table: prompts in plain words, each with the fields
 * it must read (accuracy.test.ts scores them). Test data, imported only by tests.
 */

export interface ItemExpect {
  /** Case-insensitive substring of the description. */
  description?: string;
  quantity?: string | null;
  unitPrice?: string | null;
  unit?: string | null;
}

export type DateExpect = { kind: "relative"; days: number } | { kind: "absolute"; date: string } | { kind: "none" };

export interface Case {
  prompt: string;
  currency?: string | null;
  items?: ItemExpect[];
  discounts?: Array<{ kind: "percent" | "fixed"; value: string }>;
  taxes?: Array<{ name?: string; rate: string }>;
  due?: DateExpect;
  issue?: DateExpect;
  toName?: string | null;
  toEmail?: string | null;
  fromName?: string | null;
  fromCompany?: string | null;
  fromEmail?: string | null;
  /** Values that must appear in paymentDetails. */
  payment?: string[];
  /** Substring of the notes. */
  notes?: string;
}

export const CASES: Case[] = [
  {
    prompt:
      "Invoice Globex Inc for 3 x Widget @ 25 EUR and 2 x Gadget @ 40 EUR. 19% VAT. Due on 2026-03-17.",
    currency: "EUR",
    items: [
      { description: "widget", quantity: "3", unitPrice: "25" },
      { description: "gadget", quantity: "2", unitPrice: "40" },
    ],
    taxes: [{ name: "VAT", rate: "19" }],
    due: { kind: "absolute", date: "2026-03-17" },
    toName: "Globex Inc",
  },
  {
    prompt: "5 licenses at €20 each for Initech, payment within 14 days",
    currency: "EUR",
    items: [{ description: "licenses", quantity: "5", unitPrice: "20" }],
    due: { kind: "relative", days: 14 },
    toName: "Initech",
  },
  {
    prompt: "2 days of design at 800/day and a flat fee of $500 for setup",
    currency: "USD",
    items: [
      { description: "design", quantity: "2", unitPrice: "800", unit: "day" },
      { description: "setup", quantity: "1", unitPrice: "500" },
    ],
    toName: null,
    due: { kind: "none" },
  },
  {
    prompt: "consulting: 12.5h × 90 €\nhosting: 15 € per month\nBill to: Dupont SARL",
    currency: "EUR",
    items: [
      { description: "consulting", quantity: "12.5", unitPrice: "90", unit: "hour" },
      { description: "hosting", quantity: "1", unitPrice: "15", unit: "month" },
    ],
    toName: "Dupont SARL",
  },
  {
    prompt: "Logo design for 1,200 USD for Hooli. Due March 17, 2026.",
    currency: "USD",
    items: [{ description: "logo design", quantity: "1", unitPrice: "1200" }],
    due: { kind: "absolute", date: "2026-03-17" },
    toName: "Hooli",
  },
  {
    prompt:
      "Website redesign $4,500 plus $75 for hosting, 10% discount, sales tax 8.875%, net 15. Client: Stark Industries",
    currency: "USD",
    items: [
      { description: "website redesign", quantity: "1", unitPrice: "4500" },
      { description: "hosting", quantity: "1", unitPrice: "75" },
    ],
    discounts: [{ kind: "percent", value: "10" }],
    taxes: [{ name: "Sales tax", rate: "8.875" }],
    due: { kind: "relative", days: 15 },
    toName: "Stark Industries",
  },
  {
    prompt:
      "Bill Wayne Enterprises for 40 hours of development at $120/hr, minus a $200 discount. Due upon receipt.",
    currency: "USD",
    items: [{ description: "development", quantity: "40", unitPrice: "120", unit: "hour" }],
    discounts: [{ kind: "fixed", value: "200" }],
    due: { kind: "relative", days: 0 },
    toName: "Wayne Enterprises",
  },
  {
    prompt: "Rechnung für Müller GmbH: 12,5 Stunden Beratung à 90 €, zzgl. 19 % MwSt., zahlbar innerhalb von 14 Tagen.",
    currency: "EUR",
    items: [{ description: "beratung", quantity: "12.5", unitPrice: "90", unit: "hour" }],
    taxes: [{ name: "MwSt", rate: "19" }],
    due: { kind: "relative", days: 14 },
    toName: "Müller GmbH",
  },
  {
    prompt: "Rechnung an Schmidt AG über Softwareentwicklung 1.234,56 €, MwSt 19%, fällig am 17.03.2026",
    currency: "EUR",
    items: [{ description: "softwareentwicklung", quantity: "1", unitPrice: "1234.56" }],
    taxes: [{ name: "MwSt", rate: "19" }],
    due: { kind: "absolute", date: "2026-03-17" },
    toName: "Schmidt AG",
  },
  {
    prompt: "Facture pour Dupont SARL : 3 jours de développement à 600 € HT, TVA 20 %, paiement à 30 jours.",
    currency: "EUR",
    items: [{ description: "développement", quantity: "3", unitPrice: "600", unit: "day" }],
    taxes: [{ name: "TVA", rate: "20" }],
    due: { kind: "relative", days: 30 },
    toName: "Dupont SARL",
  },
  {
    prompt: "Factura para García S.L.: 5 horas de consultoría a 80 € la hora, IVA 21%, vence el 15/04/2026.",
    currency: "EUR",
    items: [{ description: "consultoría", quantity: "5", unitPrice: "80", unit: "hour" }],
    taxes: [{ name: "IVA", rate: "21" }],
    due: { kind: "absolute", date: "2026-04-15" },
    toName: "García S.L.",
  },
  {
    prompt: "Invoice for Wonka Ltd: 6 hours of copywriting at £65 per hour, 20% VAT, due in 2 weeks",
    currency: "GBP",
    items: [{ description: "copywriting", quantity: "6", unitPrice: "65", unit: "hour" }],
    taxes: [{ name: "VAT", rate: "20" }],
    due: { kind: "relative", days: 14 },
    toName: "Wonka Ltd",
  },
  {
    prompt: "Please bill Tanaka Co. ¥50,000 for translation services, consumption tax 10%, payment due 2026-02-28",
    currency: "JPY",
    items: [{ description: "translation", quantity: "1", unitPrice: "50000" }],
    taxes: [{ rate: "10" }],
    due: { kind: "absolute", date: "2026-02-28" },
    toName: "Tanaka Co",
  },
  {
    prompt: "Invoice Reliance Digital ₹1,20,000 for app development with 18% GST, net 45",
    currency: "INR",
    items: [{ description: "app development", quantity: "1", unitPrice: "120000" }],
    taxes: [{ name: "GST", rate: "18" }],
    due: { kind: "relative", days: 45 },
    toName: "Reliance Digital",
  },
  {
    prompt: "Invoice for Nestlé SA: 8 hours workshop at CHF 250 per hour, MwSt 8.1%, due in 30 days",
    currency: "CHF",
    items: [{ description: "workshop", quantity: "8", unitPrice: "250", unit: "hour" }],
    taxes: [{ name: "MwSt", rate: "8.1" }],
    due: { kind: "relative", days: 30 },
    toName: "Nestlé SA",
  },
  {
    prompt: "Invoice Tremblay Inc. for 20 hours of consulting at C$110/hour. GST 5% and QST 9.975%. Net 30.",
    currency: "CAD",
    items: [{ description: "consulting", quantity: "20", unitPrice: "110", unit: "hour" }],
    taxes: [
      { name: "GST", rate: "5" },
      { name: "QST", rate: "9.975" },
    ],
    due: { kind: "relative", days: 30 },
    toName: "Tremblay Inc",
  },
  {
    prompt: "Invoice for 10 hours of consulting at 150 per hour for Acme Corp",
    currency: null,
    items: [{ description: "consulting", quantity: "10", unitPrice: "150", unit: "hour" }],
    toName: "Acme Corp",
  },
  {
    prompt: "10 hours of consulting at $150/hour, due in 30 days",
    currency: "USD",
    items: [{ description: "consulting", quantity: "10", unitPrice: "150" }],
    due: { kind: "relative", days: 30 },
    toName: null,
    fromName: null,
  },
  {
    prompt: [
      "Invoice for Umbrella Corp",
      "- Frontend development: 32 hours @ $95",
      "- Backend development: 24 hours @ $110",
      "- Deployment: $350",
      "Tax: 7%",
      "Due: net 30",
    ].join("\n"),
    currency: "USD",
    items: [
      { description: "frontend development", quantity: "32", unitPrice: "95", unit: "hour" },
      { description: "backend development", quantity: "24", unitPrice: "110", unit: "hour" },
      { description: "deployment", quantity: "1", unitPrice: "350" },
    ],
    taxes: [{ name: "Tax", rate: "7" }],
    due: { kind: "relative", days: 30 },
    toName: "Umbrella Corp",
  },
  {
    prompt: [
      "Client: Cyberdyne Systems",
      "1. Security audit – $3,000",
      "2. Penetration test – $2,500",
      "Discount: 5%",
      "Invoice date: 2026-02-01",
      "Due date: 2026-03-03",
    ].join("\n"),
    currency: "USD",
    items: [
      { description: "security audit", quantity: "1", unitPrice: "3000" },
      { description: "penetration test", quantity: "1", unitPrice: "2500" },
    ],
    discounts: [{ kind: "percent", value: "5" }],
    issue: { kind: "absolute", date: "2026-02-01" },
    due: { kind: "absolute", date: "2026-03-03" },
    toName: "Cyberdyne Systems",
  },
  {
    prompt:
      "Invoice Schneider KG for 4 days of training at €900/day. 19% VAT. Pay to IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, within 14 days.",
    currency: "EUR",
    items: [{ description: "training", quantity: "4", unitPrice: "900", unit: "day" }],
    taxes: [{ name: "VAT", rate: "19" }],
    due: { kind: "relative", days: 14 },
    toName: "Schneider KG",
    payment: ["DE89 3704 0044 0532 0130 00", "COBADEFFXXX"],
  },
  {
    prompt:
      "Bill Pied Piper (billing@piedpiper.com) $2,000 for API integration. Pay via PayPal to richard@hendricks.me. Due in 10 days.",
    currency: "USD",
    items: [{ description: "api integration", quantity: "1", unitPrice: "2000" }],
    due: { kind: "relative", days: 10 },
    toName: "Pied Piper",
    toEmail: "billing@piedpiper.com",
    payment: ["richard@hendricks.me"],
  },
  {
    prompt: "From Alice Johnson (alice@studio.io) to Bob's Bakery: cake photography, 3 hours at $80/hour",
    currency: "USD",
    items: [{ description: "cake photography", quantity: "3", unitPrice: "80", unit: "hour" }],
    toName: "Bob's Bakery",
    fromName: "Alice Johnson",
    fromEmail: "alice@studio.io",
  },
  {
    prompt: "Translation of 2,000 words at $0.12/word for Lingua Ltd, due 17.03.2026",
    currency: "USD",
    items: [{ description: "translation", quantity: "2000", unitPrice: "0.12", unit: "word" }],
    due: { kind: "absolute", date: "2026-03-17" },
    toName: "Lingua Ltd",
  },
  {
    prompt: "Dated 1 Feb 2026. Invoice for Soylent Corp: monthly retainer €2.500, due March 3rd 2026.",
    currency: "EUR",
    items: [{ description: "retainer", quantity: "1", unitPrice: "2500" }],
    issue: { kind: "absolute", date: "2026-02-01" },
    due: { kind: "absolute", date: "2026-03-03" },
    toName: "Soylent Corp",
  },
  {
    prompt: "Charge Hooli $1,500 for 10 hours of consulting",
    currency: "USD",
    items: [{ description: "consulting", quantity: "10", unitPrice: "150", unit: "hour" }],
    toName: "Hooli",
  },
  {
    prompt:
      "Invoice for Vandelay Industries: latex import consulting, 12 hrs at $85 an hour, and a shipping fee of $45. Due immediately.",
    currency: "USD",
    items: [
      { description: "latex import consulting", quantity: "12", unitPrice: "85", unit: "hour" },
      { description: "shipping", quantity: "1", unitPrice: "45" },
    ],
    due: { kind: "relative", days: 0 },
    toName: "Vandelay Industries",
  },
  {
    prompt: "Factura para Ana López: 3 sesiones de fotografía a 150 euros cada una, pago a 15 días",
    currency: "EUR",
    items: [{ description: "fotografía", quantity: "3", unitPrice: "150" }],
    due: { kind: "relative", days: 15 },
    toName: "Ana López",
  },
  {
    prompt: "Invoice for Volvo AB: 20 hours of design at 950 kr per hour, 25% moms, due in 30 days",
    currency: "SEK",
    items: [{ description: "design", quantity: "20", unitPrice: "950", unit: "hour" }],
    taxes: [{ rate: "25" }],
    due: { kind: "relative", days: 30 },
    toName: "Volvo AB",
  },
  {
    prompt: "Invoice Joe's Garage 300 dollars for brake repair and 45 dollars for oil change",
    currency: "USD",
    items: [
      { description: "brake repair", quantity: "1", unitPrice: "300" },
      { description: "oil change", quantity: "1", unitPrice: "45" },
    ],
    toName: "Joe's Garage",
  },
  {
    prompt: "Invoice Acme Corp for website maintenance, due in 30 days",
    currency: null,
    items: [],
    due: { kind: "relative", days: 30 },
    toName: "Acme Corp",
  },
  {
    prompt: "Bill Initech for 6 hours of support",
    currency: null,
    items: [{ description: "support", quantity: "6", unitPrice: null, unit: "hour" }],
    toName: "Initech",
  },
  {
    prompt:
      "Invoice Massive Dynamic $10,000 for research. Apply a 15% loyalty discount and a $250 early payment discount.",
    currency: "USD",
    items: [{ description: "research", quantity: "1", unitPrice: "10000" }],
    discounts: [
      { kind: "percent", value: "15" },
      { kind: "fixed", value: "250" },
    ],
    toName: "Massive Dynamic",
  },
  {
    prompt: "Invoice for Oceanic Airlines: 2 x Seat cover @ 40 EUR, 5 % off, minus 20 EUR discount, TVA 20%",
    currency: "EUR",
    items: [{ description: "seat cover", quantity: "2", unitPrice: "40" }],
    discounts: [
      { kind: "percent", value: "5" },
      { kind: "fixed", value: "20" },
    ],
    taxes: [{ name: "TVA", rate: "20" }],
    toName: "Oceanic Airlines",
  },
  {
    prompt: "Invoice for Gringotts: 1 audit at £1,000. Payment terms: 45 days.",
    currency: "GBP",
    items: [{ description: "audit", quantity: "1", unitPrice: "1000" }],
    due: { kind: "relative", days: 45 },
    toName: "Gringotts",
  },
  {
    prompt: "Invoice Sterling Cooper for two days of copy editing at $600 a day, due in a month",
    currency: "USD",
    items: [{ description: "copy editing", quantity: "2", unitPrice: "600", unit: "day" }],
    due: { kind: "relative", days: 30 },
    toName: "Sterling Cooper",
  },
  {
    prompt: "Invoice Acme Corp $500 for logo design, due March 17",
    currency: "USD",
    items: [{ description: "logo design", quantity: "1", unitPrice: "500" }],
    due: { kind: "absolute", date: "2026-03-17" },
    toName: "Acme Corp",
  },
  {
    prompt: "Facture pour Lefèvre SAS : développement 1 234,56 €, TVA 20 %, payable à réception",
    currency: "EUR",
    items: [{ description: "développement", quantity: "1", unitPrice: "1234.56" }],
    taxes: [{ name: "TVA", rate: "20" }],
    due: { kind: "relative", days: 0 },
    toName: "Lefèvre SAS",
  },
  {
    prompt: "Invoice for Roche AG: consulting CHF 1'250.50, due in 20 days",
    currency: "CHF",
    items: [{ description: "consulting", quantity: "1", unitPrice: "1250.5" }],
    due: { kind: "relative", days: 20 },
    toName: "Roche AG",
  },
  {
    prompt: "Invoice Acme for 3 hours at $50/hour and 2 hours at $75/hour",
    currency: "USD",
    items: [
      { quantity: "3", unitPrice: "50", unit: "hour" },
      { quantity: "2", unitPrice: "75", unit: "hour" },
    ],
    toName: "Acme",
  },
  {
    prompt:
      "Invoice Dunder Mifflin $750 for paper supply consulting. Pay to Bank of America, routing 026009593, account 123456789. Net 15.",
    currency: "USD",
    items: [{ description: "paper supply consulting", quantity: "1", unitPrice: "750" }],
    due: { kind: "relative", days: 15 },
    toName: "Dunder Mifflin",
    payment: ["Bank of America", "026009593", "123456789"],
  },
  {
    prompt:
      "Invoice for Blackadder Ltd: 5 days of consulting at £500/day, 20% VAT, pay to Barclays account 12345678, sort code 20-00-00, due within 30 days.",
    currency: "GBP",
    items: [{ description: "consulting", quantity: "5", unitPrice: "500", unit: "day" }],
    taxes: [{ name: "VAT", rate: "20" }],
    due: { kind: "relative", days: 30 },
    toName: "Blackadder Ltd",
    payment: ["Barclays", "12345678", "20-00-00"],
  },
  {
    prompt: "Send invoice to hello@acme.io for 2 hours of tutoring at $40/hour",
    currency: "USD",
    items: [{ description: "tutoring", quantity: "2", unitPrice: "40", unit: "hour" }],
    toName: null,
    toEmail: "hello@acme.io",
  },
  {
    prompt:
      "Invoice from Sarah Lee to Green Wedding Co for wedding photography: $2,400. Note: Thank you for choosing us!",
    currency: "USD",
    items: [{ description: "wedding photography", quantity: "1", unitPrice: "2400" }],
    toName: "Green Wedding Co",
    fromName: "Sarah Lee",
    notes: "Thank you for choosing us",
  },
  {
    prompt: "2x Keyboard 49.99\n1x Mouse 19.50\nShipping 7.99\nAll prices in USD",
    currency: "USD",
    items: [
      { description: "keyboard", quantity: "2", unitPrice: "49.99" },
      { description: "mouse", quantity: "1", unitPrice: "19.5" },
      { description: "shipping", quantity: "1", unitPrice: "7.99" },
    ],
    toName: null,
  },
  {
    prompt:
      "Invoice Acme Corp for 10 hours of consulting at $150/hour with 10% discount, taxes 5% GST + 9.975% QST, due on 2026-04-01",
    currency: "USD",
    items: [{ description: "consulting", quantity: "10", unitPrice: "150" }],
    discounts: [{ kind: "percent", value: "10" }],
    taxes: [
      { name: "GST", rate: "5" },
      { name: "QST", rate: "9.975" },
    ],
    due: { kind: "absolute", date: "2026-04-01" },
    toName: "Acme Corp",
  },
  {
    prompt: "website design 2000",
    currency: null,
    items: [{ description: "website design", quantity: "1", unitPrice: "2000" }],
    toName: null,
    fromName: null,
    due: { kind: "none" },
  },
  {
    prompt:
      "Hourly rate of $95 for 12 hours of bookkeeping for Kramerica Industries, paid by Zelle to kramer@kramerica.com",
    currency: "USD",
    items: [{ description: "bookkeeping", quantity: "12", unitPrice: "95", unit: "hour" }],
    toName: "Kramerica Industries",
    payment: ["kramer@kramerica.com"],
  },
  {
    prompt: "Rechnung für Weber & Söhne KG: 3 Tage Montage à 720 €, 19% USt, zahlbar bis 31.01.2026. Vielen Dank für Ihren Auftrag!",
    currency: "EUR",
    items: [{ description: "montage", quantity: "3", unitPrice: "720", unit: "day" }],
    taxes: [{ name: "USt", rate: "19" }],
    due: { kind: "absolute", date: "2026-01-31" },
    toName: "Weber & Söhne KG",
    notes: "Vielen Dank",
  },
  {
    prompt: "Invoice for Initrode: 1 x annual support plan at USD 1,800 and 3 x onboarding session at USD 250. Due in 45 days.",
    currency: "USD",
    items: [
      { description: "annual support plan", quantity: "1", unitPrice: "1800" },
      { description: "onboarding session", quantity: "3", unitPrice: "250" },
    ],
    due: { kind: "relative", days: 45 },
    toName: "Initrode",
  },
  {
    prompt: "Invoice for Hotel Bellevue: 3 nights at 120 € per night, city tax 2.5%, payment on receipt",
    currency: "EUR",
    items: [{ quantity: "3", unitPrice: "120", unit: "night" }],
    taxes: [{ name: "City tax", rate: "2.5" }],
    due: { kind: "relative", days: 0 },
    toName: "Hotel Bellevue",
  },
  {
    prompt: "Bill to: Tyrell Corporation\nReplicant design — 1.5 days @ $1,000/day\nVAT 0%\nDue 2026-05-01\nFrom: Eldon Tyrell",
    currency: "USD",
    items: [{ description: "replicant design", quantity: "1.5", unitPrice: "1000", unit: "day" }],
    taxes: [{ name: "VAT", rate: "0" }],
    due: { kind: "absolute", date: "2026-05-01" },
    toName: "Tyrell Corporation",
    fromName: "Eldon Tyrell",
  },
  // Looser, conversational phrasings (written after the rules, to keep the number honest).
  {
    prompt:
      "Hey, can you make an invoice to Pinnacle Partners LLP? I did 15.5 hours of legal research at $210 an hour. They also owe $120 for filing fees. Payment is due within 21 days.",
    currency: "USD",
    items: [
      { description: "legal research", quantity: "15.5", unitPrice: "210", unit: "hour" },
      { description: "filing fees", quantity: "1", unitPrice: "120" },
    ],
    due: { kind: "relative", days: 21 },
    toName: "Pinnacle Partners LLP",
  },
  {
    prompt: "Kunde: ACME GmbH. 4 Stk. Monitor à 199,90 €, Versand 9,90 €, 19% MwSt, Zahlungsziel 30 Tage",
    currency: "EUR",
    items: [
      { description: "monitor", quantity: "4", unitPrice: "199.9" },
      { description: "versand", quantity: "1", unitPrice: "9.9" },
    ],
    taxes: [{ name: "MwSt", rate: "19" }],
    due: { kind: "relative", days: 30 },
    toName: "ACME GmbH",
  },
  {
    prompt:
      "Make an invoice for Jane Doe at Globex for 3 logo concepts at $300 each, plus a rush fee of $150. Due by April 30, 2026.",
    currency: "USD",
    items: [
      { description: "logo concepts", quantity: "3", unitPrice: "300" },
      { description: "rush fee", quantity: "1", unitPrice: "150" },
    ],
    due: { kind: "absolute", date: "2026-04-30" },
    toName: "Jane Doe",
  },
  {
    prompt:
      "Need to invoice Brightside Dental: 12 blog posts @ £90/post, 20% VAT, terms net 14, pay to Monzo account 87654321 sort code 04-00-04",
    currency: "GBP",
    items: [{ description: "blog posts", quantity: "12", unitPrice: "90" }],
    taxes: [{ name: "VAT", rate: "20" }],
    due: { kind: "relative", days: 14 },
    toName: "Brightside Dental",
    payment: ["Monzo", "87654321", "04-00-04"],
  },
  {
    prompt:
      "Invoice for Fuji Trading KK: 2 units of sensor module at ¥12,800 each, shipping ¥1,500, 10% consumption tax",
    currency: "JPY",
    items: [
      { description: "sensor module", quantity: "2", unitPrice: "12800" },
      { description: "shipping", quantity: "1", unitPrice: "1500" },
    ],
    taxes: [{ rate: "10" }],
    toName: "Fuji Trading KK",
  },
  {
    prompt: "invoice northwind traders for 7 hours of data cleanup at 60 usd/hr",
    currency: "USD",
    items: [{ description: "data cleanup", quantity: "7", unitPrice: "60", unit: "hour" }],
    toName: "northwind traders",
  },
  {
    prompt:
      "Bill Contoso Ltd. 3 x Premium plan at $49/month and setup fee $99; 5% discount for annual prepay; tax exempt.",
    currency: "USD",
    items: [
      { description: "premium plan", quantity: "3", unitPrice: "49" },
      { description: "setup fee", quantity: "1", unitPrice: "99" },
    ],
    discounts: [{ kind: "percent", value: "5" }],
    taxes: [],
    toName: "Contoso Ltd",
  },
  {
    prompt:
      "Create invoice: client Soylent, 1 keynote talk €3,500 + travel expenses €420,50, payable within 30 days, IBAN FR76 3000 6000 0112 3456 7890 189",
    currency: "EUR",
    items: [
      { description: "keynote talk", quantity: "1", unitPrice: "3500" },
      { description: "travel expenses", quantity: "1", unitPrice: "420.5" },
    ],
    due: { kind: "relative", days: 30 },
    toName: "Soylent",
    payment: ["FR76 3000 6000 0112 3456 7890 189"],
  },
  {
    prompt: "Invoice Globex 2 hrs consulting $200/hr, 1.5 hrs travel $50/hr",
    currency: "USD",
    items: [
      { description: "consulting", quantity: "2", unitPrice: "200", unit: "hour" },
      { description: "travel", quantity: "1.5", unitPrice: "50", unit: "hour" },
    ],
    toName: "Globex",
  },
  {
    prompt: "Please invoice Mr. Tom Baker for piano lessons: 8 lessons × £35. Payment by bank transfer within 7 days.",
    currency: "GBP",
    items: [{ description: "piano lessons", quantity: "8", unitPrice: "35" }],
    due: { kind: "relative", days: 7 },
    toName: "Mr. Tom Baker",
  },
  {
    prompt: "Invoice for Sunrise Café — catering for 40 guests at 25 EUR per person, VAT 7%",
    currency: "EUR",
    items: [{ description: "catering", quantity: "40", unitPrice: "25" }],
    taxes: [{ name: "VAT", rate: "7" }],
    toName: "Sunrise Café",
  },
  {
    prompt:
      "Rechnung from Müller Design (info@mueller-design.de) an Beispiel GmbH: Logo-Paket pauschal 1.500 €, zzgl. 19% USt. Zahlbar sofort.",
    currency: "EUR",
    items: [{ description: "logo-paket", quantity: "1", unitPrice: "1500" }],
    taxes: [{ name: "USt", rate: "19" }],
    due: { kind: "relative", days: 0 },
    toName: "Beispiel GmbH",
    fromName: "Müller Design",
    fromEmail: "info@mueller-design.de",
  },
  {
    prompt: "Invoice for The Daily Planet: 3 articles at $400 each",
    currency: "USD",
    items: [{ description: "articles", quantity: "3", unitPrice: "400" }],
    toName: "The Daily Planet",
  },
  {
    prompt:
      "Invoice Acme Corp 10h consulting @ 150 EUR + 2h travel @ 75 EUR, 19% VAT, due 30 days after invoice date",
    currency: "EUR",
    items: [
      { description: "consulting", quantity: "10", unitPrice: "150", unit: "hour" },
      { description: "travel", quantity: "2", unitPrice: "75", unit: "hour" },
    ],
    taxes: [{ name: "VAT", rate: "19" }],
    due: { kind: "relative", days: 30 },
    toName: "Acme Corp",
  },
  {
    prompt: "Invoice for Kwik-E-Mart: 250 flyers at 0,40 € apiece, 12 posters at 4,50 € apiece",
    currency: "EUR",
    items: [
      { description: "flyers", quantity: "250", unitPrice: "0.4" },
      { description: "posters", quantity: "12", unitPrice: "4.5" },
    ],
    toName: "Kwik-E-Mart",
  },
  {
    prompt: "Freelance invoice. Customer: Oscorp. 1 month of DevOps support: $6,000/month. Net 60.",
    currency: "USD",
    items: [{ description: "devops support", quantity: "1", unitPrice: "6000", unit: "month" }],
    due: { kind: "relative", days: 60 },
    toName: "Oscorp",
  },
  {
    prompt:
      "Invoice to Vance Refrigeration for a walk-in freezer repair: parts $340.75 and labor 3.5 hours at $95/hour, due 03/15/2026",
    currency: "USD",
    items: [
      { description: "parts", quantity: "1", unitPrice: "340.75" },
      { description: "labor", quantity: "3.5", unitPrice: "95", unit: "hour" },
    ],
    due: { kind: "absolute", date: "2026-03-15" },
    toName: "Vance Refrigeration",
  },
  {
    prompt: "Invoice Wayne Corp for 5 days of consulting at 1000 per day. Due in 15 days.",
    currency: null,
    items: [{ description: "consulting", quantity: "5", unitPrice: "1000", unit: "day" }],
    due: { kind: "relative", days: 15 },
    toName: "Wayne Corp",
  },
  {
    prompt: "Charge Stark Industries 3.000 € for the security review, 21% IVA, due on 1 June 2026",
    currency: "EUR",
    items: [{ description: "security review", quantity: "1", unitPrice: "3000" }],
    taxes: [{ name: "IVA", rate: "21" }],
    due: { kind: "absolute", date: "2026-06-01" },
    toName: "Stark Industries",
  },
  {
    prompt: "I'm Maria Garcia. Invoice Bluth Company for 20 hours of bookkeeping at $45/hour. Thanks for your business!",
    currency: "USD",
    items: [{ description: "bookkeeping", quantity: "20", unitPrice: "45", unit: "hour" }],
    toName: "Bluth Company",
    fromName: "Maria Garcia",
    notes: "Thanks for your business",
  },
];

/**
 * A holdout written after the rules, scored once before any rule was adjusted to it:
 * the first run read 190/203 fields (93.6%). Rules were then generalised for its misses
 * (inline "1) 2)" lists, "two sessions, $800 each", lower-case customers, a description
 * in the previous sentence), so its score now overstates; HOLDOUT_2 is the fresher one.
 */
export const HOLDOUT: Case[] = [
  {
    prompt: "Invoice Acme Inc. $1,250 for March bookkeeping. Due in 15 days.",
    currency: "USD",
    items: [{ description: "bookkeeping", quantity: "1", unitPrice: "1250" }],
    due: { kind: "relative", days: 15 },
    toName: "Acme Inc",
  },
  {
    prompt: "Can you bill Lumon Industries for the Q1 retainer? It's 3 months at $2,000/month. Net 30 please.",
    currency: "USD",
    items: [{ description: "retainer", quantity: "3", unitPrice: "2000", unit: "month" }],
    due: { kind: "relative", days: 30 },
    toName: "Lumon Industries",
  },
  {
    prompt: "Invoice for Dr. Emily Chen: 2 consultations at 180 CHF each and 1 follow-up at 90 CHF; payable within 10 days",
    currency: "CHF",
    items: [
      { description: "consultations", quantity: "2", unitPrice: "180" },
      { description: "follow-up", quantity: "1", unitPrice: "90" },
    ],
    due: { kind: "relative", days: 10 },
    toName: "Dr. Emily Chen",
  },
  {
    prompt:
      "Please create an invoice for Aperture Science. Items: Portal gun maintenance - 6 hours @ $250/h; Cake (1) - $25. Tax 8%.",
    currency: "USD",
    items: [
      { description: "portal gun maintenance", quantity: "6", unitPrice: "250", unit: "hour" },
      { description: "cake", quantity: "1", unitPrice: "25" },
    ],
    taxes: [{ name: "Tax", rate: "8" }],
    toName: "Aperture Science",
  },
  {
    prompt: "Invoice Initech: 1,000 widgets at $0.50 each, 10% bulk discount, 6.25% sales tax, net 30",
    currency: "USD",
    items: [{ description: "widgets", quantity: "1000", unitPrice: "0.5" }],
    discounts: [{ kind: "percent", value: "10" }],
    taxes: [{ name: "Sales tax", rate: "6.25" }],
    due: { kind: "relative", days: 30 },
    toName: "Initech",
  },
  {
    prompt: "Rechnung an Frau Anna Schulz: 2 Stunden Nachhilfe zu je 35 €, zahlbar bis 15.02.2026",
    currency: "EUR",
    items: [{ description: "nachhilfe", quantity: "2", unitPrice: "35", unit: "hour" }],
    due: { kind: "absolute", date: "2026-02-15" },
    toName: "Frau Anna Schulz",
  },
  {
    prompt: "Facture à Boulangerie Martin : 50 croissants à 1,20 € pièce, TVA 5,5 %, paiement sous 15 jours",
    currency: "EUR",
    items: [{ description: "croissants", quantity: "50", unitPrice: "1.2" }],
    taxes: [{ name: "TVA", rate: "5.5" }],
    due: { kind: "relative", days: 15 },
    toName: "Boulangerie Martin",
  },
  {
    prompt:
      "Invoice Cyberdyne for: 1) server setup $1,200 2) monthly monitoring $300/month 3) on-call support 10 hours x $90",
    currency: "USD",
    items: [
      { description: "server setup", quantity: "1", unitPrice: "1200" },
      { description: "monitoring", quantity: "1", unitPrice: "300" },
      { description: "support", quantity: "10", unitPrice: "90" },
    ],
    toName: "Cyberdyne",
  },
  {
    prompt: "Bill Monsters Inc €750 for scream-canister design, send it to accounts@monsters.inc, due 2026-02-20",
    currency: "EUR",
    items: [{ description: "scream-canister design", quantity: "1", unitPrice: "750" }],
    due: { kind: "absolute", date: "2026-02-20" },
    toName: "Monsters Inc",
    toEmail: "accounts@monsters.inc",
  },
  {
    prompt:
      "Invoice from Bright Ideas Ltd to Nakatomi Trading for brand strategy workshop, £3,200 flat, VAT 20%, payment due on 28th February 2026",
    currency: "GBP",
    items: [{ description: "brand strategy workshop", quantity: "1", unitPrice: "3200" }],
    taxes: [{ name: "VAT", rate: "20" }],
    due: { kind: "absolute", date: "2026-02-28" },
    toName: "Nakatomi Trading",
    fromCompany: "Bright Ideas Ltd",
  },
  {
    prompt:
      "Invoice Prestige Worldwide: boat rental 2 days x $1,500, fuel $340, captain 16 h at $45/h. 5% off total. Due net 7.",
    currency: "USD",
    items: [
      { description: "boat rental", quantity: "2", unitPrice: "1500", unit: "day" },
      { description: "fuel", quantity: "1", unitPrice: "340" },
      { description: "captain", quantity: "16", unitPrice: "45", unit: "hour" },
    ],
    discounts: [{ kind: "percent", value: "5" }],
    due: { kind: "relative", days: 7 },
    toName: "Prestige Worldwide",
  },
  {
    prompt: "Cobrar a Industrias Pérez 10 horas de soporte a 50 USD la hora, con IVA del 16%, pago en 30 días",
    currency: "USD",
    items: [{ description: "soporte", quantity: "10", unitPrice: "50", unit: "hour" }],
    taxes: [{ name: "IVA", rate: "16" }],
    due: { kind: "relative", days: 30 },
    toName: "Industrias Pérez",
  },
  {
    prompt: "Quick invoice: 4 x T-shirt (size L) at 19.99 each, shipping 4.95, in EUR, customer Ben Wyatt",
    currency: "EUR",
    items: [
      { description: "t-shirt", quantity: "4", unitPrice: "19.99" },
      { description: "shipping", quantity: "1", unitPrice: "4.95" },
    ],
    toName: "Ben Wyatt",
  },
  {
    prompt:
      "Invoice for Rekall Inc — memory implant consultation, two sessions, $800 each. Due upon receipt. Wire to Wells Fargo account 9876543210, routing 121000248.",
    currency: "USD",
    items: [{ description: "consultation", quantity: "2", unitPrice: "800" }],
    due: { kind: "relative", days: 0 },
    toName: "Rekall Inc",
    payment: ["Wells Fargo", "9876543210", "121000248"],
  },
  {
    prompt: "Invoice Duff Brewery 120 cases of beer at 24.50 per case, delivery fee 60, currency USD",
    currency: "USD",
    items: [
      { description: "beer", quantity: "120", unitPrice: "24.5" },
      { description: "delivery", quantity: "1", unitPrice: "60" },
    ],
    toName: "Duff Brewery",
  },
  {
    prompt: "Invoice Sirius Cybernetics for 1 year of hosting at £1,200/year and domain renewal £15",
    currency: "GBP",
    items: [
      { description: "hosting", quantity: "1", unitPrice: "1200", unit: "year" },
      { description: "domain renewal", quantity: "1", unitPrice: "15" },
    ],
    toName: "Sirius Cybernetics",
  },
  {
    prompt:
      "Please invoice Gekko & Co for consulting services in January: 22 days at €1.100 per day, 19 % Mehrwertsteuer, Zahlungsziel 14 Tage",
    currency: "EUR",
    items: [{ description: "consulting", quantity: "22", unitPrice: "1100", unit: "day" }],
    taxes: [{ name: "MwSt", rate: "19" }],
    due: { kind: "relative", days: 14 },
    toName: "Gekko & Co",
  },
  {
    prompt: "Invoice Pawnee Parks Dept. Mural painting: $4,000. Supplies: $650. Due 30 days from invoice.",
    currency: "USD",
    items: [
      { description: "mural painting", quantity: "1", unitPrice: "4000" },
      { description: "supplies", quantity: "1", unitPrice: "650" },
    ],
    due: { kind: "relative", days: 30 },
    toName: "Pawnee Parks Dept",
  },
  {
    prompt: "bill acme $300",
    currency: "USD",
    items: [{ quantity: "1", unitPrice: "300" }],
    toName: "acme",
  },
  {
    prompt:
      "Invoice Virtucon: 3 hours of meetings (billable) at $200/hr; 5% late fee is not applicable; tax 0%; due 2026-03-31",
    currency: "USD",
    items: [{ description: "meetings", quantity: "3", unitPrice: "200", unit: "hour" }],
    discounts: [],
    taxes: [{ name: "Tax", rate: "0" }],
    due: { kind: "absolute", date: "2026-03-31" },
    toName: "Virtucon",
  },
];

/**
 * A second holdout, written after the first was fixed and left untuned: its first run
 * read 130/132 fields (98.5%). Both misses are honest nulls (customer not recognised,
 * left null and listed in `missing`).
 */
export const HOLDOUT_2: Case[] = [
  {
    prompt: "Invoice #1042 for Sterling Archer: 2 x tactical turtleneck @ $89.99, express shipping $25, 7.25% sales tax, due in 10 days",
    currency: "USD",
    items: [
      { description: "turtleneck", quantity: "2", unitPrice: "89.99" },
      { description: "express shipping", quantity: "1", unitPrice: "25" },
    ],
    taxes: [{ name: "Sales tax", rate: "7.25" }],
    due: { kind: "relative", days: 10 },
    toName: "Sterling Archer",
  },
  {
    prompt: "New invoice → customer: Hawkins Lab; 14 h electronics repair à 65 €/h; 19 % MwSt; bitte innerhalb 2 Wochen zahlen",
    currency: "EUR",
    items: [{ description: "electronics repair", quantity: "14", unitPrice: "65", unit: "hour" }],
    taxes: [{ name: "MwSt", rate: "19" }],
    due: { kind: "relative", days: 14 },
    toName: "Hawkins Lab",
  },
  {
    prompt:
      "Invoice Los Pollos Hermanos for 500 menus printed at $1.20 each plus design fee of $300. Sales tax 8.25%. Payment due 30 days.",
    currency: "USD",
    items: [
      { description: "menus", quantity: "500", unitPrice: "1.2" },
      { description: "design fee", quantity: "1", unitPrice: "300" },
    ],
    taxes: [{ name: "Sales tax", rate: "8.25" }],
    due: { kind: "relative", days: 30 },
    toName: "Los Pollos Hermanos",
  },
  {
    prompt: "Invoice the Smith family (jsmith@mail.com) for house cleaning: 4 visits at 120 dollars per visit",
    currency: "USD",
    items: [{ description: "house cleaning", quantity: "4", unitPrice: "120" }],
    toName: "Smith family",
    toEmail: "jsmith@mail.com",
  },
  {
    prompt: "Bill 3 hours of plumbing at $95/hr and $48.50 in parts to Mr. Rogers",
    currency: "USD",
    items: [
      { description: "plumbing", quantity: "3", unitPrice: "95", unit: "hour" },
      { description: "parts", quantity: "1", unitPrice: "48.5" },
    ],
    toName: "Mr. Rogers",
  },
  {
    prompt:
      "Invoice Globochem: quarterly SEO retainer (Q2) USD 4,500, ad spend pass-through USD 12,000.00, due 2026-07-15",
    currency: "USD",
    items: [
      { description: "seo retainer", quantity: "1", unitPrice: "4500" },
      { description: "ad spend", quantity: "1", unitPrice: "12000" },
    ],
    due: { kind: "absolute", date: "2026-07-15" },
    toName: "Globochem",
  },
  {
    prompt:
      "Facturer 2 jours de formation à 850 € HT par jour à la société Dubois & Fils, TVA 20 %, règlement à 45 jours",
    currency: "EUR",
    items: [{ description: "formation", quantity: "2", unitPrice: "850", unit: "day" }],
    taxes: [{ name: "TVA", rate: "20" }],
    due: { kind: "relative", days: 45 },
    toName: "Dubois & Fils",
  },
  {
    prompt:
      "Invoice Ollivanders £120 for wand repair, £15 for polish. Include 20% VAT. Due in 28 days. Pay to Gringotts Bank, account 44556677, sort code 11-22-33.",
    currency: "GBP",
    items: [
      { description: "wand repair", quantity: "1", unitPrice: "120" },
      { description: "polish", quantity: "1", unitPrice: "15" },
    ],
    taxes: [{ name: "VAT", rate: "20" }],
    due: { kind: "relative", days: 28 },
    toName: "Ollivanders",
    payment: ["Gringotts Bank", "44556677", "11-22-33"],
  },
  {
    prompt: "Need an invoice for Wayne Manor — 12 hours gardening @ 30/hr, 2 bags of fertilizer @ 18.75",
    currency: null,
    items: [
      { description: "gardening", quantity: "12", unitPrice: "30", unit: "hour" },
      { description: "fertilizer", quantity: "2", unitPrice: "18.75" },
    ],
    toName: "Wayne Manor",
  },
  {
    prompt: "Invoice for Cheers Bar: 1 keg of beer $180, deposit $30, discount $20, due Friday",
    currency: "USD",
    items: [
      { description: "beer", quantity: "1", unitPrice: "180" },
      { description: "deposit", quantity: "1", unitPrice: "30" },
    ],
    discounts: [{ kind: "fixed", value: "20" }],
    due: { kind: "none" },
    toName: "Cheers Bar",
  },
  {
    prompt: "Invoice Krusty Krab 60 patties x 2.5 USD and 1 spatula 12 USD, due on 5/1/2026",
    currency: "USD",
    items: [
      { description: "patties", quantity: "60", unitPrice: "2.5" },
      { description: "spatula", quantity: "1", unitPrice: "12" },
    ],
    due: { kind: "absolute", date: "2026-05-01" },
    toName: "Krusty Krab",
  },
  {
    prompt:
      "Invoice Vought International for supe PR crisis management: 1 day at $25,000. VAT not applicable. Payment within 5 business days.",
    currency: "USD",
    items: [{ description: "crisis management", quantity: "1", unitPrice: "25000", unit: "day" }],
    taxes: [],
    due: { kind: "relative", days: 5 },
    toName: "Vought International",
  },
];
