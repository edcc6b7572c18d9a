/** The example prompts offered under the words box ("Try an example"). */
export const EXAMPLE_PROMPTS: readonly { label: string; text: string }[] = [
  {
    label: "Consulting for Acme",
    text: "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp from John Smith at Smith LLC. Add 10% tax. Payment due in 30 days to Chase Bank account 1234567890.",
  },
  {
    label: "Design sprint in euros",
    text: "Invoice Globex GmbH for a 3-day design sprint at €1,200 per day and 2 hours of extra revisions at €90/hour. Add 19% VAT. Due in 14 days. Pay to IBAN DE89 3704 0044 0532 0130 00.",
  },
  {
    label: "Retainer with a discount",
    text: "Bill Initech $2,400 for the monthly website retainer and $180 for hosting, with a 5% loyalty discount. Net 15.",
  },
];

export const PROMPT_MAX = 4000;
