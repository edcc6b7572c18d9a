import type { CodegenConfig } from "@graphql-codegen/cli";

/** Typed documents for the SPA, generated from the committed schema.graphql: `npm run codegen`. */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["client/src/**/*.{ts,tsx}", "!client/src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "client/src/gql/": {
      preset: "client",
      config: {
        useTypeImports: true,
        // Operations as plain strings (TypedDocumentString), not ASTs: a third of the
        // size in the SPA's entry chunk, and graphql-request sends strings as they are.
        documentMode: "string",
        enumsAsTypes: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string", BigInt: "string" },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
