import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printSchemaSDL } from "./schema.ts";

describe("schema.graphql", () => {
  it("is up to date with the Pothos schema (run `npm run schema:print`)", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "..", "schema.graphql"), "utf8");
    expect(committed).toBe(printSchemaSDL());
  });
});
