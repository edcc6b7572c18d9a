/**
 * Mutations answer with payload unions (docs/graphql-conventions.md): `XSuccess`
 * (`{ invoice }`, `{ deletedId }`…) or a typed error implementing `Error { message code }`
 * (ValidationError adds field issues), selected by the ErrorFields fragment in documents.ts.
 * unwrap() turns the union into "the success or throw MutationError" for React Query.
 */

export interface FieldIssue {
  path: readonly string[];
  message: string;
}

export class MutationError extends Error {
  override readonly name = "MutationError";
  constructor(
    message: string,
    /** "VALIDATION", "NOT_FOUND", "CONFLICT", "UNAUTHORIZED", … */
    readonly code: string,
    /** The GraphQL type name, e.g. "ValidationError". */
    readonly typename: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

type Payload = { __typename: string };
type Success<R> = Extract<R, { __typename: `${string}Success` }>;

export function unwrap<R extends Payload>(result: R): Success<R> {
  if (result.__typename.endsWith("Success")) return result as Success<R>;
  const failure = result as unknown as { __typename: string; message: string; code: string; issues?: FieldIssue[] };
  throw new MutationError(failure.message, failure.code, failure.__typename, failure.issues ?? []);
}

/** A short, human message for any error a query or mutation can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof MutationError && error.issues.length > 0 && error.typename === "ValidationError") {
    return error.issues.map((issue) => (issue.path.length ? `${humanPath(issue.path)}: ${issue.message}` : issue.message)).join("; ");
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** ["items", "0", "unitPrice"] → "Item 1 unit price". */
export function humanPath(path: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    const next = path[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      words.push(`${singular(part)} ${Number(next) + 1}`);
      i++;
    } else {
      words.push(part.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase());
    }
  }
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function singular(word: string): string {
  const known: Record<string, string> = {
    items: "item",
    discounts: "discount",
    taxes: "tax",
    fromDetails: "from line",
    toDetails: "recipient line",
    paymentDetails: "payment line",
    labels: "label",
    businessDetails: "detail line",
  };
  return known[word] ?? word;
}
