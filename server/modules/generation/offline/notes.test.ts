import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — notes, title and references", () => {
  it("reads a title, a note and a PO number", () => {
    const x = extractOffline(
      'Invoice for Acme Corp titled "Spring campaign": 2 days of design at €500/day. PO 4500012345. Note: Thanks, see you in spring! Due in 14 days.',
    );
    expect(x.title).toBe("Spring campaign");
    expect(x.notes).toBe("Thanks, see you in spring!");
    expect(x.to.lines).toEqual([{ label: "PO", value: "4500012345" }]);
    expect(x.dueDate).toEqual({ kind: "relative", date: null, days: 14 });
    expect(x.items).toHaveLength(1);
  });
});
