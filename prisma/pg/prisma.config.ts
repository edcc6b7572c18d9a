import { defineConfig } from "prisma/config";
import { pgCliAdapter } from "../cli-adapters.ts";

const url = process.env.DATABASE_URL ?? "";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () => {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must be a postgresql:// URL for this config");
    return pgCliAdapter(url);
  },
});
