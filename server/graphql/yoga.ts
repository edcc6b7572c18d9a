import { GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql";
import { DomainError } from "../errors.ts";
import { createYoga, type Plugin } from "graphql-yoga";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { GraphQLContext } from "./builder.ts";
import { schema } from "./schema.ts";

/** Rejects introspection when it is switched off (production default). */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
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
    // Unexpected errors become "Unexpected error." without stack or SQL; GraphQLErrors we raise pass through.
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => {
        const original = isGraphQLError(error) ? (error.originalError ?? undefined) : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: original.code },
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
    plugins: config.INTROSPECTION ? [] : [disableIntrospection()],
  });
}
