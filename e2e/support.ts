/**
 * What every browser suite needs: the production SPA build, the real app on a fresh
 * database listening on 127.0.0.1, headless Debian Chromium, and a folder for
 * screenshots (test-results/e2e/, kept by CI as artifacts).
 *
 * The SPA is built (vite build, production) once when dist/client is missing or
 * older than its sources. Chromium comes from INVOBI_CHROMIUM (default
 * /usr/bin/chromium); without it suites skip, unless INVOBI_REQUIRE_SUITES
 * contains "browser".
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { Config } from "../server/config.ts";
import { createLogger } from "../server/logger.ts";
import { createProductionApp } from "../server/production-app.ts";
import { createTestDatabase, type TestDatabase } from "../server/test/database.ts";
import { testConfig } from "../server/test/harness.ts";

export const chromiumPath = process.env.INVOBI_CHROMIUM ?? "/usr/bin/chromium";
const required = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").map((name) => name.trim());
export const haveChromium = existsSync(chromiumPath);
if (!haveChromium && required.includes("browser")) {
  throw new Error(`INVOBI_REQUIRE_SUITES includes browser but Chromium was not found at ${chromiumPath} (set INVOBI_CHROMIUM)`);
}

export const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const spaDir = join(repoRoot, "dist/client");
/** Screenshots of the main screens: test artifacts, not committed. */
export const artifactsDir = join(repoRoot, "test-results/e2e");

/** Newest modification time of any file below `dir` (skipping node_modules). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Several suites call this; vitest runs browser files one after another, so there is no build race. */
export function ensureBuiltSpa(): void {
  const gqlDir = join(repoRoot, "client/src/gql");
  const documentsChanged =
    !existsSync(join(gqlDir, "gql.ts")) ||
    statSync(join(gqlDir, "gql.ts")).mtimeMs <
      Math.max(newestMtime(join(repoRoot, "client/src/features")), statSync(join(repoRoot, "schema.graphql")).mtimeMs, statSync(join(repoRoot, "codegen.ts")).mtimeMs);
  if (documentsChanged) {
    execFileSync(process.execPath, [join(repoRoot, "node_modules/@graphql-codegen/cli/cjs/bin.js"), "--config", "codegen.ts", "--silent"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  }
  const manifest = join(spaDir, ".vite/manifest.json");
  const sources = Math.max(
    newestMtime(join(repoRoot, "client")),
    newestMtime(join(repoRoot, "common")),
    statSync(join(repoRoot, "vite.config.ts")).mtimeMs,
  );
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export interface E2eServer {
  baseUrl: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The production wiring (real generator, real PDF renderer) on a fresh database. */
export async function startE2eServer(config: Partial<Config> = {}): Promise<E2eServer> {
  const database = await createTestDatabase();
  const { app, rateLimiter } = createProductionApp({ config: testConfig(config), logger: createLogger({ level: "error" }), database, spaDir });
  const server = await new Promise<Server>((done) => {
    const listening = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => done(listening as Server));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    database,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await rateLimiter.close();
      await database.destroy();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A suite's main page: US English in UTC at `viewport`, downloads allowed, 60 s waits, and
 * every uncaught page error pushed to `pageErrors` (the suites assert it stays empty).
 */
export async function openSuitePage(browser: Browser, viewport: { width: number; height: number }, pageErrors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: "en-US", timezoneId: "UTC" });
  const page = await context.newPage();
  // Generous: each wait is a poll that returns as soon as its condition holds; only a stalled page uses it up.
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}

/**
 * Resolves once no finite CSS animation or transition is running on the page (entrance
 * animations, a closing toast) for two frames in a row: a poll on the page's own state
 * instead of a fixed sleep, so a slow machine waits longer rather than shooting a
 * half-drawn screen. Endless animations (spinners, skeleton shimmer) are not waited for.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const running = () =>
      document
        .getAnimations()
        .filter((animation) => animation.playState !== "finished" && animation.playState !== "idle")
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity);
    const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    for (;;) {
      await Promise.all(running().map((animation) => animation.finished.catch(() => undefined)));
      await twoFrames();
      if (running().length === 0) return;
    }
  });
}
