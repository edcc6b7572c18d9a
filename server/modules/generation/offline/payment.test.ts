import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — payment details", () => {
  it("recognises an unlabelled IBAN only when its checksum is valid", () => {
    expect(extractOffline("Pay to DE89370400440532013000 please").paymentDetails).toEqual([
      { label: "IBAN", value: "DE89 3704 0044 0532 0130 00" },
    ]);
    expect(extractOffline("Pay to DE89370400440532013001 please").paymentDetails).toEqual([]);
    // Labelled, it is taken as written (shape checked, checksum not).
    expect(extractOffline("IBAN: GB82 WEST 1234 5698 7654 32").paymentDetails).toEqual([
      { label: "IBAN", value: "GB82 WEST 1234 5698 7654 32" },
    ]);
  });
});
