// `npm run lint`: typescript-eslint's recommended rules with type information (the same tsconfig as
// `npm run typecheck`), and the Rules of Hooks for the React client. CI runs it (.ci/run).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['node_modules/', 'client/dist/', 'docs/', '.tmp/', 'tests/bench/reference/', 'tests/bench/hocuspocus/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a tuple).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Off: here `async` without `await` is a contract, not a slip. Fastify treats an async plugin as done
      // when its promise settles (a plain function would have to call `done`), and the storage adapters
      // implement a Promise-returning interface, where `async` turns a synchronous throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON bodies (HTTP answers, page.evaluate results) as `any` on purpose and check every value
    // they read with an assertion, which fails loudly where a typed read would not have compiled; typing
    // each answer would restate the routes' schemas in every test. Production code keeps these rules.
    files: ['tests/**/*.ts', '**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // This file and other plain JavaScript are outside tsconfig.json: lint them without type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
]);
