import { describe, expect, it } from "vitest";
import { fill, labelLanguage, labelsFor, languageOf, PDF_LANGUAGES } from "./labels.ts";

describe("PDF labels", () => {
  it("picks the labels by the locale's language, falling back to English", () => {
    expect(labelsFor("de-AT").invoice).toBe("Rechnung");
    expect(labelsFor("fr-CA").invoice).toBe("Facture");
    expect(labelsFor("es-MX").invoice).toBe("Factura");
    expect(labelsFor("et").invoice).toBe("Arve");
    expect(labelsFor("en-GB").invoice).toBe("Invoice");
    expect(labelsFor("pt-BR").invoice).toBe("Invoice");
    expect(labelsFor("").invoice).toBe("Invoice");
    expect(labelsFor("constructor").invoice).toBe("Invoice");
    expect(labelLanguage("az-AZ")).toBe("en");
    expect(languageOf("DE_de")).toBe("de");
  });

  it("translates every label in every language", () => {
    const english = labelsFor("en");
    for (const language of PDF_LANGUAGES) {
      const labels = labelsFor(language);
      expect(Object.keys(labels).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(labels)) expect(value.trim(), `${language}.${key}`).not.toBe("");
      expect(labels.page).toContain("{page}");
      expect(labels.page).toContain("{pages}");
      expect(labels.taxOn).toContain("{tax}");
      expect(labels.taxOn).toContain("{base}");
      if (language !== "en") expect(labels.billTo, language).not.toBe(english.billTo);
    }
  });

  it("fills placeholders", () => {
    expect(fill("Page {page} of {pages}", { page: "2", pages: "7" })).toBe("Page 2 of 7");
    expect(fill("{missing} stays", {})).toBe("{missing} stays");
  });
});
