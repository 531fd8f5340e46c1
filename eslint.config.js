// `npm run lint`. Small on purpose: the import floors (scripts/lint/floors.js) and type-only
// imports written as such. Formatting is not linted.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import floors from './scripts/lint/floors.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const APPS = readdirSync(new URL('./apps/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * Imports allowed to break a floor, each named exactly ({ file, import }) so that no other slips in.
 * Issue 11 moved the last ones to packages with exports: keep it empty.
 */
const ALLOW = [];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-packages/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '.sandbox-data/**',
      // Deliberately wrong imports: tests/lint.test.ts lints them on purpose.
      'tests/fixtures/lint/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, floors },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'floors/imports': ['error', { root: ROOT, apps: APPS, allow: ALLOW }],
      // `import()` in a type stays allowed: a few files use it for one type from a module they
      // otherwise do not import.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
    },
  },
);
