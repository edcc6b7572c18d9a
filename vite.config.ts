/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { configDefaults } from "vitest/config";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

/**
 * One file configures the SPA build (client/ → dist/client) and the test suites.
 *
 * Test projects:
 * - common:     pure modules shared by server and SPA (money, PDF, schemas)
 * - server:     service, GraphQL and REST tests on a fresh SQLite file per test file
 * - server-pg:  the same server tests on PostgreSQL (needs TEST_DATABASE_URL)
 * - client:     SPA components in happy-dom
 * - browser:    the built SPA in headless Chromium against a listening server
 *
 * INVOBI_REQUIRE_SUITES=postgres,browser (set by .ci/run) turns a suite that would
 * be skipped for a missing service into a failure.
 */
const required = new Set((process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").filter(Boolean));
const postgresUrl = process.env.TEST_DATABASE_URL;
if (required.has("postgres") && !postgresUrl) {
  throw new Error("INVOBI_REQUIRE_SUITES includes postgres but TEST_DATABASE_URL is not set");
}

const serverTests = ["server/**/*.test.ts"];
// Tests with a latency bound the issue asks for run in their own project, after all others
// and one file at a time, so the bound measures our server and not the rest of the suite.
const latencyTests = ["server/**/*.latency.test.ts"];
const apiUrl = process.env.INVOBI_API_URL ?? `http://localhost:${process.env.PORT ?? 4000}`;

export default defineConfig({
  root: "client",
  publicDir: "public",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // dist/client/.vite/manifest.json: scripts/bundle-report.ts reads the chunk graph from it.
    manifest: true,
  },
  // `npm run dev` (scripts/dev.ts): Vite serves the SPA with HMR and proxies the API.
  server: {
    proxy: Object.fromEntries(["/graphql", "/api", "/healthz"].map((path) => [path, apiUrl])),
  },
  test: {
    root: ".",
    // Node (and so Pothos and Yoga) load graphql's CommonJS build; make our own imports
    // resolve to the same module, or instanceof checks fail across two copies.
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)) }],
    // Generous on purpose: a verdict must not depend on machine speed (a loaded 2-core CI box
    // is several times slower than a quiet one). A hung test still fails, only later.
    testTimeout: 120_000,
    // Vitest 4.1 starts one worker on this 2-core machine unless told; two halve the suite's time.
    maxWorkers: "100%",
    reporters: ["default", "./scripts/required-suites-reporter.ts"],
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "common", root: ".", include: ["common/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "server",
          root: ".",
          include: serverTests,
          // *-pg.test.ts: PostgreSQL-only fault tests (server-pg runs them).
          exclude: [...configDefaults.exclude, "server/**/*-pg.test.ts", ...latencyTests],
          environment: "node",
          globalSetup: ["server/test/global-setup.ts"],
          env: { INVOBI_TEST_DB: "sqlite" },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: "server-pg",
                root: ".",
                include: serverTests,
                // *-sqlite.test.ts: SQLite-only fault tests (server runs them).
                exclude: [...configDefaults.exclude, "server/**/*-sqlite.test.ts", ...latencyTests],
                environment: "node" as const,
                globalSetup: ["server/test/global-setup.ts"],
                env: { INVOBI_TEST_DB: "postgres" },
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: "latency",
          root: ".",
          include: latencyTests,
          environment: "node",
          globalSetup: ["server/test/global-setup.ts"],
          env: { INVOBI_TEST_DB: "sqlite" },
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          root: ".",
          include: ["client/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
          setupFiles: ["client/src/testing/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          root: ".",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["server/test/global-setup.ts"],
          env: { INVOBI_TEST_DB: "sqlite" },
          testTimeout: 180_000,
        },
      },
    ],
  },
});
