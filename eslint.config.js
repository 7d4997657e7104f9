// ESLint flat config: typescript-eslint's recommended rules over the engine, tests and benchmarks.
// `npm run lint`; .ci/run fails on any error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', '.scratch/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_name` marks a deliberately unused binding; `{ dropped, ...rest }` is how we omit fields.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['*.js', '*.cjs', 'scripts/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
  },
  {
    // The board's page script: plain scripts sharing one scope (tsconfig.board-client.json concatenates
    // them), so a function defined in one file and used in the next looks unused to a per-file check.
    files: ['src/app/board/client/**/*.ts'],
    languageOptions: { sourceType: 'script' },
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
