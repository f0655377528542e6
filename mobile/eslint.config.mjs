// Lint for the app: type-checked typescript-eslint rules, the hooks rules, and the two layout
// rules of STYLE.md that concern mobile/: it imports nothing from the platform's code (it speaks
// REST), and only the API client calls fetch.
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "dist-e2e/", "dist-perf/", ".expo/", "expo-env.d.ts", "coverage/"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**", "**/prisma/**", "@prisma/*", "@/*", "next", "next/*"], message: "mobile/ speaks REST only (STYLE.md rule 5)." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "Call the API through src/api (one client, one place for auth and errors)." }],
    },
  },
  {
    files: ["src/api/http.ts"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    files: ["**/*.test.{ts,tsx}", "test/**"],
    rules: { "@typescript-eslint/unbound-method": "off", "no-restricted-globals": "off" },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
