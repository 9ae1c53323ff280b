/**
 * ESLint flat config: the recommended rules (no type-aware linting, to stay fast) and the
 * architectural boundaries of STYLE.md as no-restricted-imports / no-restricted-globals:
 *   - core/ is pure: no server/, web/ or cli/, no database or HTTP library, no Node built-in,
 *     no fetch or process. It runs in Node and in the browser.
 *   - web/ never imports server/ or cli/ (nor Node built-ins: it runs in the browser).
 *   - a module never imports another module's store: cross-module calls go through services.
 * cli/commands/lint.test.ts proves these rules fire.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'Blob', 'TextEncoder', 'TextDecoder',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'fetch',
  ].map((name) => [name, 'readonly']),
);

/** Node built-ins by bare name (fs, fs/promises, path, crypto, http, …) and the node: scheme. */
const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: 'Node built-ins are not available here.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins are not available here.' }],
};

/** Relative imports that climb out to a top-level folder, e.g. '../../server/db/database'. */
const upTo = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/**
 * A module's own store is './store' (or '../store' from a subfolder); a path that climbs out and
 * names a folder before 'store' — '../alerts/store', '../../modules/alerts/store/cases' —
 * reaches another module's. (From a subfolder, '../../<own>/store' is flagged too: write '../store'.)
 */
const moduleStoreBoundary = {
  name: 'weft/module-stores',
  files: ['server/modules/*/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(\\.\\./)+(modules/)?[\\w-]+/store([./].*)?$',
            message: "Call the other module's service, never its store (STYLE.md: module-first).",
          },
        ],
      },
    ],
  },
};


export default defineConfig([
  globalIgnores(['node_modules/', 'web/dist/', 'coverage/', 'data/', '.tmp/', 'bench/results/', 'e2e/screenshots/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'weft/typescript',
    files: ['**/*.{ts,tsx}'],
    rules: {
      // TypeScript checks undefined names itself (`npm run typecheck`).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Input validation rejects control characters on purpose (names, codes, CSV cells).
      'no-control-regex': 'off',
      // Flags initial values a closure or a try/catch overwrites later, which TypeScript's
      // definite-assignment analysis needs anyway: more noise than dead stores found.
      'no-useless-assignment': 'off',
    },
  },
  {
    name: 'weft/migrations',
    // STYLE.md: migrations are the one place a Kysely<any> is right (they outlive the DB type).
    files: ['server/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    name: 'weft/node-scripts',
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    name: 'weft/core-is-pure',
    files: ['core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.paths,
            ...['kysely', 'fastify', 'pg', 'pg-pool'].map((name) => ({ name, message: 'core/ does no I/O: keep this in server/.' })),
          ],
          patterns: [
            ...nodeBuiltins.patterns,
            { group: ['kysely/*', 'fastify/*', '@fastify/*', 'pg/*', '@electric-sql/*'], message: 'core/ does no I/O: keep this in server/.' },
            { regex: upTo(['server', 'web', 'cli']), message: 'core/ imports nothing from server/, web/ or cli/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'core/ does no I/O: pass the data in.' },
        { name: 'process', message: 'core/ runs in the browser too: pass configuration in.' },
        { name: 'Buffer', message: 'core/ runs in the browser too: use Uint8Array.' },
        { name: 'require', message: 'core/ is ES modules.' },
        { name: '__dirname', message: 'core/ has no file system.' },
        { name: '__filename', message: 'core/ has no file system.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'globalThis', property: 'fetch', message: 'core/ does no I/O: pass the data in.' },
        { object: 'globalThis', property: 'process', message: 'core/ runs in the browser too: pass configuration in.' },
      ],
    },
  },
  {
    name: 'weft/web-is-a-client',
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.paths,
          patterns: [
            ...nodeBuiltins.patterns,
            { regex: upTo(['server', 'cli']), message: 'web/ talks to the server over HTTP; share code through core/.' },
          ],
        },
      ],
    },
  },
  moduleStoreBoundary,
]);
