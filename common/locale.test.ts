import { describe, expect, it } from "vitest";
import { canonicalLocale } from "./locale.ts";

describe("canonicalLocale", () => {
  it.each([
    ["de-de", "de-DE"],
    ["EN-us", "en-US"],
    ["fr", "fr"],
    ["zh-hant-tw", "zh-Hant-TW"],
  ])("%s → %s", (tag, expected) => {
    expect(canonicalLocale(tag)).toBe(expected);
  });

  it.each(["", "not a locale!", "de_DE", "x"])("%j is not a locale", (tag) => {
    expect(canonicalLocale(tag)).toBeNull();
  });

  it("one tag only: a list (from untyped JSON) or nothing is not a locale", () => {
    expect(canonicalLocale(["en-US", "de-DE"] as unknown as string)).toBeNull();
    expect(canonicalLocale([] as unknown as string)).toBeNull();
  });
});
