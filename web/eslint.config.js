// Lint rules of the browser sources (web/src), their tests and build script.
import js from "@eslint/js";
import globals from "globals";

/* APIs newer than Chromium 86 (360/QQ browsers): the bundles must not use them. */
const NEWER_THAN_CHROMIUM_86 = [
  { name: "structuredClone", message: "Not in Chromium 86: copy with JSON or by hand." },
];

export default [
  { ignores: ["node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: { ecmaVersion: 2025, sourceType: "module", globals: { ...globals.browser, ...globals.worker } },
    rules: {
      "no-restricted-globals": ["error", ...NEWER_THAN_CHROMIUM_86],
      "no-restricted-properties": ["error",
        { property: "at", message: "Array.prototype.at is not in Chromium 86." },
        { property: "replaceAll", message: "String.prototype.replaceAll is not in Chromium 86: use a global regex." },
        { object: "Object", property: "hasOwn", message: "Object.hasOwn is not in Chromium 86." },
        { object: "window", property: "structuredClone", message: "Not in Chromium 86." },
        { object: "self", property: "structuredClone", message: "Not in Chromium 86." },
        { object: "globalThis", property: "structuredClone", message: "Not in Chromium 86." }],
      "no-control-regex": "off",
      "prefer-const": "error",
      "no-var": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    files: ["test/**/*.js", "build.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2025, sourceType: "module", globals: { ...globals.node } },
  },
];
