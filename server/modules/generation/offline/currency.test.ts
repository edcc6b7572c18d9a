import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — currency and locale", () => {
  it("hints a locale only from the prompt's language", () => {
    expect(extractOffline("Rechnung für Müller GmbH: 3 Stunden Beratung à 90 €, zahlbar innerhalb von 14 Tagen").localeHint).toBe("de-DE");
    expect(extractOffline("Rechnung für Müller AG: 3 Stunden Beratung à CHF 90, zahlbar innerhalb von 14 Tagen").localeHint).toBe("de-CH");
    expect(extractOffline("Facture pour Tremblay inc : 3 heures à 90 $ CA, TPS 5 %, TVQ 9,975 %, paiement sous 30 jours").localeHint).toMatch(/^fr-/);
    expect(extractOffline("Invoice Acme Corp £500 for design").localeHint).toBeNull();
  });
});
