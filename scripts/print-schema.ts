/** Prints the Pothos schema (lexicographically sorted) to schema.graphql: `npm run schema:print`. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printSchemaSDL } from "../server/graphql/schema.ts";

writeFileSync(join(import.meta.dirname, "..", "schema.graphql"), printSchemaSDL());
console.log("schema.graphql written");
