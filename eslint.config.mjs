// The TypeScript linter of the test command (`npm run -s lint`, a step of scripts/test):
// ESLint's and typescript-eslint's recommended rules over the web code, the e2e suite and the
// benchmarks. Generated and built files are not linted.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "web/dist/**",
      "web/dist-test/**",
      "web/src/protocol/generated/**",
      "e2e/results/**",
      "e2e/report/**",
      "bench/results/**",
      "target/**",
      "fuzz/**",
      "vendor/**",
      "node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // An unused argument or binding named with a leading underscore is deliberate.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Tests and benchmarks reach into the page's own globals (window.Tandem, test hooks)
    // from page.evaluate, where `any` is the honest type.
    files: ["e2e/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
