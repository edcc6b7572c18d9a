/**
 * Configuration from the environment, validated once at start-up. Every problem
 * is reported together so an operator fixes them in one go.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("file:./data/invobi.db")
    .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), {
      message: "must be a file: URL (SQLite) or a postgresql:// URL",
    }),
  REDIS_URL: optionalUrl,
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  OPENAI_BASE_URL: optionalUrl,
  GEMINI_BASE_URL: optionalUrl,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Let an openai-compatible llm_base_url reach loopback/private addresses (a self-hosted Ollama); see server/net/. */
  ALLOW_PRIVATE_LLM_URLS: booleanFlag.default(false),
  /**
   * How long a pending Idempotency-Key claim is honoured before the key counts as
   * abandoned (its process died) and an identical retry may run the request again.
   * Must exceed the longest request; unset → idempotencyLeaseFor(LLM_TIMEOUT_MS).
   */
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().positive().optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(100),
  /** Database waits that end in 503 instead of a hang (server/db/timeouts.ts). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  GRAPHIQL: booleanFlag.optional(),
  INTROSPECTION: booleanFlag.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Web origins that may call /graphql from the browser with the session cookie (credentialed CORS). */
  CORS_ORIGINS: z.string().default("").transform(parseOrigins),
  DATA_DIR: z.string().default("./data"),
});

/**
 * "https://app.example.com, http://127.0.0.1:5173" → exact origins. A wildcard or a URL
 * with a path cannot be an origin a browser sends, so it is refused rather than ignored.
 */
function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    const isOrigin = url !== null && /^https?:$/.test(url.protocol) && (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !isOrigin || entry.includes("*") || !/^https?:\/\/[^/]+\/?$/.test(entry)) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not an origin: write scheme://host[:port], e.g. https://app.example.com (no wildcard, no path)` });
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

export type Config = Omit<z.output<typeof ConfigSchema>, "SESSION_SECRET" | "GRAPHIQL" | "INTROSPECTION" | "IDEMPOTENCY_LEASE_MS"> & {
  SESSION_SECRET: string;
  GRAPHIQL: boolean;
  INTROSPECTION: boolean;
  IDEMPOTENCY_LEASE_MS: number;
};

/**
 * The default Idempotency-Key lease: longer than the slowest request can run. That
 * is AI generation: up to two model calls (one retry), each bounded by
 * LLM_TIMEOUT_MS, each followed by an invoice transaction (at most 15 s waiting for
 * the database + 20 s running); a minute per attempt covers the database work and
 * the rest of the request. 2 × (60 s + 60 s) = 240 s with the default timeout.
 */
export const idempotencyLeaseFor = (llmTimeoutMs: number): number => 2 * (llmTimeoutMs + 60_000);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment; throws ConfigError listing every problem. Has no side effects. */
export function parseConfig(env: Record<string, string | undefined>): Omit<Config, "SESSION_SECRET"> & {
  SESSION_SECRET?: string;
} {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`));
  }
  const c = result.data;
  const development = c.NODE_ENV !== "production";
  return {
    ...c,
    GRAPHIQL: c.GRAPHIQL ?? development,
    INTROSPECTION: c.INTROSPECTION ?? development,
    IDEMPOTENCY_LEASE_MS: c.IDEMPOTENCY_LEASE_MS ?? idempotencyLeaseFor(c.LLM_TIMEOUT_MS),
  };
}

/**
 * Full start-up config: parses, creates the SQLite data directory, and generates a
 * SESSION_SECRET into DATA_DIR on first run so restarts keep sessions valid.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseConfig(env);
  if (parsed.DATABASE_URL.startsWith("file:")) {
    const path = parsed.DATABASE_URL.slice("file:".length);
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  let secret = parsed.SESSION_SECRET;
  if (!secret) {
    mkdirSync(parsed.DATA_DIR, { recursive: true });
    const file = join(parsed.DATA_DIR, "session-secret");
    if (existsSync(file)) {
      secret = readFileSync(file, "utf8").trim();
    } else {
      secret = randomBytes(32).toString("base64url");
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    }
  }
  return { ...parsed, SESSION_SECRET: secret };
}
