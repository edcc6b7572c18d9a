/** The built SPA (vite build output): its files, and the shell for every other GET (history fallback). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";

/** Registers the SPA routes when `spaDir` holds a build; does nothing otherwise. */
export function mountSpa(app: Hono<AppEnv>, spaDir: string | null | undefined): void {
  if (!spaDir || !existsSync(join(spaDir, "index.html"))) return;
  const indexHtml = readFileSync(join(spaDir, "index.html"), "utf8");
  app.use("/assets/*", serveStatic({ root: spaDir }));
  app.use("*", serveStatic({ root: spaDir }));
  // History fallback: client-side routes all load the SPA shell.
  app.get("*", (c) => c.html(indexHtml));
}
