import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — dates", () => {
  it("leaves a year-less date unread without `today`, and resolves it with it", () => {
    const prompt = "Invoice Acme Corp $500 for logo design, due March 17";
    const without = extractOffline(prompt);
    expect(without.dueDate.kind).toBe("none");
    expect(without.missing).toContain("dueDate");
    expect(extractOffline(prompt, { today: "2026-01-15" }).dueDate).toEqual({ kind: "absolute", date: "2026-03-17", days: null });
    expect(extractOffline(prompt, { today: "2026-05-01" }).dueDate.date).toBe("2027-03-17");
  });
});
