/**
 * Test harness: a fresh database and a Hono app per test file, plus helpers that
 * read like the user's story (sign up, mint a token, call the APIs).
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { createApp, type CreateAppOptions } from "../app.ts";
import type { Config } from "../config.ts";
import { parseConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import { createLogger, type Logger } from "../logger.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...parseConfig({ NODE_ENV: "test", LOG_LEVEL: "info" }),
    // Suites make many requests per file; tests of the limit itself set their own.
    RATE_LIMIT_PER_MINUTE: 100_000,
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    ...overrides,
  } as Config;
}

/** Captures every log line so tests can assert that secrets never reach the logs. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk, _enc, done) => {
      this.lines.push(String(chunk));
      done();
    },
  });
  text(): string {
    return this.lines.join("");
  }
}

export interface TestApp {
  database: TestDatabase;
  db: Db;
  app: ReturnType<typeof createApp>;
  config: Config;
  logger: Logger;
  logs: LogCapture;
  /** Issues a request against the app without a network. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestAppOptions {
  config?: Partial<Config>;
  now?: () => Date;
  onQuery?: (event: { query: string; duration: number }) => void;
  /** Extra createApp options: injected ports (generateInvoice, renderInvoicePdf), a rate limiter… */
  app?: Partial<Pick<CreateAppOptions, "generateInvoice" | "renderInvoicePdf" | "rateLimiter" | "idempotency" | "authThrottle">>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase({ onQuery: options.onQuery });
  const config = testConfig(options.config);
  const logs = new LogCapture();
  const logger = createLogger({ level: "debug", destination: logs.stream });
  const app = createApp({ db: database.prisma, provider: database.provider, config, logger, now: options.now, ...options.app });
  return {
    database,
    db: database.prisma,
    app,
    config,
    logger,
    logs,
    request: (path, init) => Promise.resolve(app.request(path, init)),
  };
}

/**
 * Registers beforeAll/afterAll for a test file and returns a handle whose fields
 * are filled once beforeAll ran: `const t = useTestApp(); it(..., () => t.db…)`.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    Object.assign(handle, await createTestApp(options));
  });
  afterAll(async () => {
    await handle.database?.destroy();
  });
  return handle;
}
