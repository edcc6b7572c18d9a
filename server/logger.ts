import { pino, type Logger } from "pino";

/**
 * Structured JSON logs. Secrets are redacted by path so that no call site can leak
 * them by accident: Authorization headers, cookies, passwords, API tokens and the
 * user's LLM API key.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "headers.authorization",
  "headers.cookie",
  "*.password",
  "*.passwordHash",
  "*.token",
  "*.secret",
  "*.apiKey",
  "*.llm_api_key",
  "*.llmApiKey",
  "password",
  "token",
  "apiKey",
  "llm_api_key",
  "llmApiKey",
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { service: "invobi" },
    },
    options.destination as never,
  );
}

export type { Logger };
