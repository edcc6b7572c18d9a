/**
 * The one GraphQL client of the SPA: graphql-request on the same-origin /graphql
 * endpoint. The session is an httpOnly cookie, so every request is sent with
 * credentials; Content-Type is always application/json, which the server requires
 * for cookie sessions (a cross-site form cannot send it).
 *
 * Documents are TypedDocumentStrings from codegen's graphql() (client/src/gql), so
 * `execute(SomeQuery, vars)` is fully typed end to end.
 */
import { ClientError, GraphQLClient } from "graphql-request";
import type { TypedDocumentString } from "../gql/graphql.ts";

function endpoint(): string {
  const origin = typeof window !== "undefined" && window.location?.origin ? window.location.origin : "http://localhost";
  return new URL("/graphql", origin).toString();
}

export const graphqlClient = new GraphQLClient(endpoint(), {
  credentials: "include",
  headers: { "Content-Type": "application/json" },
});

/** A transport or top-level GraphQL error (not a typed result-union error). */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    message: string,
    /** The first GraphQL error's extensions.code, e.g. "UNAUTHENTICATED". */
    readonly code: string | null,
    readonly status: number | null,
  ) {
    super(message);
  }
}

type VariablesOf<V> = V extends Record<string, never> ? [] : [variables: V];

export async function execute<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: VariablesOf<TVariables>
): Promise<TResult> {
  try {
    // The string form: graphql-request sends it as is (the document's types already typed the result).
    return await graphqlClient.request<TResult>(document.toString(), variables);
  } catch (error) {
    throw toRequestError(error);
  }
}

export function toRequestError(error: unknown): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0];
    const body = error.response as unknown as { error?: unknown };
    const message =
      first?.message ??
      (typeof body.error === "string" ? body.error : null) ??
      `The server answered ${error.response.status}`;
    const code = typeof first?.extensions?.code === "string" ? first.extensions.code : null;
    return new RequestError(message, code, error.response.status ?? null);
  }
  if (error instanceof TypeError) {
    return new RequestError("Cannot reach the server. Check your connection and try again.", "NETWORK", null);
  }
  return new RequestError(error instanceof Error ? error.message : String(error), null, null);
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof RequestError && (error.code === "UNAUTHENTICATED" || error.status === 401);
}
