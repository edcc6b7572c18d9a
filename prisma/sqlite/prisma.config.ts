import { defineConfig } from "prisma/config";
import { sqliteCliAdapter } from "../cli-adapters.ts";

// Relative file: URLs resolve against the working directory, as in the app.
const url = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : "file:./data/invobi.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () => sqliteCliAdapter(url),
});
