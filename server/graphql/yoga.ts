import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ASTNode,
  type ASTVisitor,
  type DirectiveNode,
  type FieldNode,
  type StringValueNode,
  type ValidationContext,
} from "graphql";
import { findTextProblem, MAX_INPUT_DEPTH, textProblem } from "../../common/text.ts";
import { DomainError, formatPath, RateLimitedError } from "../errors.ts";
import { classifyDatabaseError, RETRY_AFTER_SECONDS } from "../db/faults.ts";
import { createYoga, type Plugin } from "graphql-yoga";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { GraphQLContext } from "./builder.ts";
import { fieldCost } from "./field-cost.ts";
import { schema } from "./schema.ts";
import { limitLineItems } from "./line-items-limit.ts";

/** Rejects introspection when it is switched off (production default). */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * Document limits, checked before anything runs (the SPA's largest document has ~130
 * tokens, no alias, no directive). Tokens bound parsing: floods, megabyte documents and
 * nesting (one parser recursion per level). Aliases bound how often one request runs
 * the same field (100 aliased generateInvoice calls are 100 generations; the cost
 * limits count fields, and the rate limit counts requests). Directives bound
 * validation work and the size of its error list.
 */
export const DOCUMENT_LIMITS = { characters: 100_000, tokens: 5_000, aliases: 30, directives: 50 };

function limitDocuments(): Plugin {
  const tooMany = (what: string, max: number, node: ASTNode) =>
    new GraphQLError(`Query has too many ${what}: at most ${max} per document`, { nodes: node, extensions: { code: "QUERY_TOO_COMPLEX" } });
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        const text = typeof source === "string" ? source : source.body;
        if (text.length > DOCUMENT_LIMITS.characters) {
          throw new GraphQLError(`Query is too long: at most ${DOCUMENT_LIMITS.characters} characters`, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
        }
        try {
          return parse(source, { ...options, maxTokens: DOCUMENT_LIMITS.tokens });
        } catch (error) {
          // Nesting deeper than the parser's stack: a clear syntax error, not an "Unexpected error.".
          if (error instanceof RangeError) throw new GraphQLError("Syntax Error: Document is nested too deeply.", { extensions: { http: { status: 400 } } });
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext): ASTVisitor => {
        let aliases = 0;
        let directives = 0;
        return {
          Field(node: FieldNode) {
            if (node.alias && ++aliases === DOCUMENT_LIMITS.aliases + 1) context.reportError(tooMany("aliases", DOCUMENT_LIMITS.aliases, node));
          },
          Directive(node: DirectiveNode) {
            if (++directives === DOCUMENT_LIMITS.directives + 1) context.reportError(tooMany("directives", DOCUMENT_LIMITS.directives, node));
          },
        };
      });
    },
  };
}

/**
 * PostgreSQL text cannot hold NUL and Prisma refuses unpaired surrogates: such strings
 * in variables or string literals are refused before execution (REST does the same
 * for bodies), instead of failing in the database as an "Unexpected error.".
 */
function refuseUnstorableText(): Plugin {
  const invalid = (message: string) =>
    new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
  return {
    onParams({ params }) {
      const problem = findTextProblem(params.variables ?? null);
      if (problem?.tooDeep) throw invalid(`Variables are nested too deeply: at most ${MAX_INPUT_DEPTH} levels`);
      if (problem) throw invalid(`Variable "$${formatPath(problem.path)}" ${problem.message}`);
    },
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext): ASTVisitor => ({
        StringValue(node: StringValueNode) {
          const message = textProblem(node.value);
          if (message) context.reportError(new GraphQLError(`String value ${message}`, { nodes: node }));
        },
      }));
    },
  };
}

/** graphql-js appends " Did you mean …?" to validation and variable errors; the suffix always ends the message. */
const SUGGESTION = / Did you mean [\s\S]*\?$/;

/**
 * Without introspection (the production default) the schema is not public, so errors
 * must not spell it out either: "Cannot query field "invoicez" on type "Query"."
 * keeps the user's mistake and drops the field names suggested after it.
 */
function hideFieldSuggestions(): Plugin {
  const strip = (error: GraphQLError): GraphQLError =>
    SUGGESTION.test(error.message)
      ? new GraphQLError(error.message.replace(SUGGESTION, ""), {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        })
      : error;
  const stripResult = <R extends { errors?: readonly GraphQLError[] }>(result: R): R =>
    result.errors ? { ...result, errors: result.errors.map(strip) } : result;
  return {
    onResultProcess({ result, setResult }) {
      // Only single and batched results: this schema has no subscriptions or @defer.
      if (Array.isArray(result)) setResult(result.map(stripResult));
      else if (!(Symbol.asyncIterator in result)) setResult(stripResult(result));
    },
  };
}

/** Duck-typed: graphql may be loaded twice (ESM and CJS builds), which defeats instanceof. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

export function createGraphQLHandler(config: Config, logger: Logger) {
  return createYoga<{ requestContext: GraphQLContext }, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: config.GRAPHIQL ? { title: "Invobi GraphiQL", defaultQuery: "{\n  invoices(first: 5) {\n    totalCount\n    edges { node { id number title total { formatted } } }\n  }\n}\n" } : false,
    landingPage: false,
    // Yoga's default CORS echoes any Origin with credentials; server/http/cors.ts decides instead.
    cors: false,
    // Unexpected errors become "Unexpected error." without stack or SQL; GraphQLErrors we raise pass through.
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => {
        const original = isGraphQLError(error) ? (error.originalError ?? undefined) : error;
        // The database failing is not a bug: a clear message, SERVICE_UNAVAILABLE, and HTTP 503 (507: disk full).
        const fault = classifyDatabaseError(original ?? error);
        if (fault) {
          logger.warn({ reason: fault.reason }, "database unavailable");
          return new GraphQLError(fault.message, {
            ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {}),
            extensions: {
              code: fault.kind === "full" ? "INSUFFICIENT_STORAGE" : "SERVICE_UNAVAILABLE",
              http: { status: fault.status, headers: fault.status === 503 ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {} },
            },
          });
        }
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {}),
            extensions: {
              code: original.code,
              ...(original instanceof RateLimitedError ? { retryAfter: original.retryAfterSeconds } : {}),
            },
          });
        }
        // Errors we raise on purpose (auth, validation of the document) pass through unmasked.
        if (isGraphQLError(error) && (!original || isGraphQLError(original))) return error;
        logger.error({ err: original ?? error }, "unexpected GraphQL error");
        return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
      },
    },
    logging: {
      debug: (...args) => logger.debug({ args }, "graphql"),
      info: (...args) => logger.info({ args }, "graphql"),
      warn: (...args) => logger.warn({ args }, "graphql"),
      error: (...args) => logger.error({ args }, "graphql"),
    },
    context: ({ requestContext }) => requestContext,
    plugins: [limitDocuments(), refuseUnstorableText(), fieldCost(), limitLineItems(), ...(config.INTROSPECTION ? [] : [disableIntrospection(), hideFieldSuggestions()])],
  });
}
