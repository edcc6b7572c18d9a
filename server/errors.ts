/**
 * Typed domain errors. Services throw these; each API maps them to its own
 * representation (GraphQL error union members, REST status codes + {"error"}).
 * Anything else that escapes is an unexpected bug and is masked.
 */
export interface FieldIssue {
  /** Path of the offending input field, e.g. ["items", 2, "unitPrice"]. */
  path: (string | number)[];
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends DomainError {
  readonly code = "VALIDATION";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  static fromIssues(issues: FieldIssue[]): ValidationError {
    const summary = issues.map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message)).join("; ");
    return new ValidationError(summary || "Invalid input", issues);
  }
}

export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}

export class UnauthorizedError extends DomainError {
  readonly code = "UNAUTHORIZED";
}

export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}

/** ["items", 2, "unitPrice"] → "items[2].unitPrice" */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

/** Converts a zod error into our ValidationError with field paths. */
export function fromZodError(error: { issues: { path: PropertyKey[]; message: string }[] }): ValidationError {
  return ValidationError.fromIssues(
    error.issues.map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== "symbol"),
      message: issue.message,
    })),
  );
}

/** Too many attempts or too much work: GraphQL extensions { code: "RATE_LIMITED", retryAfter }, REST 429 + Retry-After. */
export class RateLimitedError extends DomainError {
  readonly code = "RATE_LIMITED";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
