/**
 * Import rules, checked by `npm run check:deps` (dependency-cruiser).
 * Type-only imports count (tsPreCompilationDeps): a cycle through `import type` still
 * ties the modules together for readers and refactoring.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules in server/, common/ and client/src must not import each other in a circle.",
      from: { path: "^(server|common|client/src)/" },
      to: { circular: true },
    },
    {
      name: "common-is-shared",
      severity: "error",
      comment: "common/ is used by the server and the SPA alike, so it imports from neither.",
      from: { path: "^common/" },
      to: { path: "^(server|client)/" },
    },
    {
      name: "client-not-server",
      severity: "error",
      comment: "The SPA talks to the server over HTTP only; server code does not belong in the bundle.",
      from: { path: "^client/" },
      to: { path: "^server/" },
    },
    {
      name: "server-not-client",
      severity: "error",
      comment: "The server does not import the SPA's code.",
      from: { path: "^server/" },
      to: { path: "^client/" },
    },
    {
      name: "no-cross-feature-imports",
      severity: "error",
      comment:
        "A client feature does not import another feature: shared code lives in client/src/components, lib or testing.",
      from: { path: "^client/src/features/([^/]+)/" },
      to: { path: "^client/src/features/", pathNot: "^client/src/features/$1/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves (a typo or a moved file shows up here, not at run time).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/|^server/db/generated/|^client/src/gql/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
