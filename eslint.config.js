// ESLint (flat config): `npm run lint`. Recommended rule sets only; type-aware rules are not enabled.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Build output, generated code, run-time data and tool scratch space.
    ignores: [
      "**/node_modules/**",
      "dist/**",
      "coverage/**",
      "reports/**",
      "data/**",
      ".stryker-tmp/**",
      "client/src/gql/**",
      "server/db/generated/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_` names a value that is deliberately left out (rest destructuring, unused parameters).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  { files: ["client/**/*.{ts,tsx}"], languageOptions: { globals: { ...globals.browser } } },
  { files: ["client/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended },
  { files: ["client/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["client/**/*.tsx"],
    rules: {
      // A checkbox label's text sits in <span><strong>: look three levels deep for it (the default is two).
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
);
