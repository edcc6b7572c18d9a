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
        enumsAsTypes: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string", BigInt: "string" },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
