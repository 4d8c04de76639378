// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint = the import direction of DESIGN.md §1 plus the few type-aware rules that catch real
 * bugs (a forgotten `await` is a lost error or a half-finished campaign step).
 *
 *   designer → flow, contracts     workflows → flow (+ `import type` of activities)
 *   api → flow, contracts, db, config, templating, workflows/definitions (the client side of the workflow)
 *   activities → flow, db, channels, templating     worker → workflows, activities, channels, db, flow, config
 *   templating (message rendering, pure: Handlebars, CSS inlining, signed links) → flow, contracts
 *   db → flow, contracts, config     contracts → flow     channels, config, flow → nothing of the project
 *   scripts, tests, bench wire everything. Nothing else imports api/ or designer/.
 */

const TS_FILES = ['**/*.ts', '**/*.tsx'];

/** Packages that do I/O: never in deterministic workflow code or in the pure model. */
const IO_PACKAGES = ['pg', 'nodemailer', 'twilio', 'smtp-server', 'mailparser', 'handlebars', 'fastify', '@temporalio/worker', '@temporalio/client', '@temporalio/activity', '@electric-sql/pglite', '@electric-sql/pglite-socket'].map(
  (name) => ({ name, message: 'Side effects belong in activities/ (DESIGN.md §1).' }),
);

/** `no-restricted-syntax` entries refusing a hand-written uuid pattern, as a regex or a string. */
const UUID_COPIES = [
  {
    selector: 'Literal[regex.pattern=/\\{4\\}-.*\\{12\\}/]',
    message: 'Use UUID_PATTERN / isUuid from flow/uuid.ts instead of another uuid pattern.',
  },
  {
    selector: 'Literal[value=/\\{4\\}-.*\\{12\\}/]',
    message: 'Use UUID_PATTERN / isUuid from flow/uuid.ts instead of another uuid pattern.',
  },
];

const WIRE_TYPE_COPY = 'Derive wire types from contracts/ with Static<>: `type X = Json<Static<typeof XSchema>>`, not a hand-written shape.';

/**
 * A zone: files in `target` may import, of the project, only `allowed` folders (and packages).
 * `import-x/no-restricted-paths` resolves the import, so `../db/pool` and `../../db/pool` are
 * judged alike.
 */
function only(target, allowed, message) {
  return {
    target: `./${target}`,
    from: './',
    except: ['./node_modules', `./${target}`, ...allowed.map((folder) => `./${folder}`)],
    message,
  };
}

const FOLDER_ZONES = [
  only('flow', [], 'flow/ is the pure campaign model: it imports nothing of the project.'),
  only('workflows', ['flow', 'activities'], 'workflows/ may import flow/ and the types of activities/ only.'),
  only('contracts', ['flow'], 'contracts/ are the pure wire schemas: they may import flow/ only.'),
  only('designer', ['flow', 'contracts'], 'designer/ may import flow/ and contracts/ only (talk to the API over HTTP).'),
  only('channels', [], 'channels/ are provider adapters: no campaign logic, nothing of the project.'),
  only('config', [], 'config/ imports nothing of the project.'),
  only('db', ['flow', 'contracts', 'config'], 'db/ may import flow/, contracts/ and config/ only.'),
  only('templating', ['flow', 'contracts'], 'templating/ renders messages (pure): it may import flow/ and contracts/ only.'),
  only('activities', ['flow', 'db', 'channels', 'templating'], 'activities/ may import flow/, db/, channels/ and templating/ only.'),
  only('worker', ['workflows', 'activities', 'channels', 'db', 'flow', 'config'], 'worker/ wires workflows/ and activities/; it never imports api/ or designer/.'),
  {
    ...only('api', ['flow', 'contracts', 'db', 'config', 'templating', 'workflows/definitions.ts'], 'api/ may import flow/, contracts/, db/, config/, templating/ and workflows/definitions (DESIGN.md §1).'),
  },
  {
    target: './bench',
    from: ['./api', './designer'],
    message: 'Nothing but scripts/ and tests/ imports api/ or designer/.',
  },
];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'designer/dist/', '.data/', 'tests/artifacts/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'campaign-studio/typescript',
    files: TS_FILES,
    languageOptions: {
      parserOptions: {
        // Type information for no-floating-promises; each file uses its nearest tsconfig.json.
        projectService: { allowDefaultProject: ['designer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The cheap type-aware rules that catch real bugs: a promise nobody awaits loses its error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    name: 'campaign-studio/imports',
    plugins: { 'import-x': importX },
    settings: {
      // Imports carry no extension (moduleResolution Bundler): resolve them to the .ts files, and
      // parse those with the TypeScript parser so no-cycle can follow them.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: FOLDER_ZONES }],
    },
  },
  {
    // One uuid pattern (flow/uuid.ts): a hand-written copy drifts (case, anchors) from the rest.
    name: 'campaign-studio/one-uuid-pattern',
    files: TS_FILES,
    // The lint test writes copies on purpose, to prove this rule refuses them.
    ignores: ['flow/uuid.ts', 'tests/unit/lint-boundaries.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...UUID_COPIES] },
  },
  {
    // The designer's wire types are the API's contracts as JSON (`Json<Static<typeof XSchema>>`):
    // a hand-written copy drifts from what the server sends. (The uuid rule again: a later
    // no-restricted-syntax replaces an earlier one for the files both match.)
    name: 'campaign-studio/designer-wire-types',
    files: ['designer/src/api/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...UUID_COPIES,
        { selector: 'TSInterfaceDeclaration', message: WIRE_TYPE_COPY },
        { selector: 'TSTypeAliasDeclaration > TSTypeLiteral', message: WIRE_TYPE_COPY },
      ],
    },
  },
  {
    name: 'campaign-studio/node',
    files: ['**/*.js', '**/*.mjs', '**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    name: 'campaign-studio/pure-model',
    files: ['flow/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: IO_PACKAGES }],
    },
  },
  {
    // The wire schemas run in the browser too: pure like flow/, and written with flow's TypeBox
    // so the designer's Static<> types and flow's schemas are one library.
    name: 'campaign-studio/contracts',
    files: ['contracts/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...IO_PACKAGES,
            ...['@fastify/type-provider-typebox', 'typebox'].map((name) => ({ name, message: 'contracts/ use @sinclair/typebox, the TypeBox of flow/ and of the designer.' })),
          ],
        },
      ],
    },
  },
  {
    name: 'campaign-studio/workflows',
    files: ['workflows/**/*.ts'],
    rules: {
      // Temporal's sandbox replays workflow code: no Node APIs (fs, path, os, child_process, net,
      // http, crypto, node:*), no I/O packages, activities by type only.
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_PACKAGES.filter((entry) => entry.name !== '@temporalio/activity'),
          patterns: [
            {
              regex: '(^|/)activities(/|$)',
              allowTypeImports: true,
              message: 'Workflows import activities as types only: `import type * as activities from ...` + proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'campaign-studio/designer',
    files: ['designer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: IO_PACKAGES }],
    },
  },
  {
    // Plain JS (this file) has no tsconfig: no type-aware rules there.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
