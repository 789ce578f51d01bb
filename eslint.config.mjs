// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The src/core modules the webview may import: pure rules, no zod, no node, no I/O. */
const WEBVIEW_CORE_MODULES = [
  'models',
  'modelSizes',
  'sizes',
  'request',
  'convert/formats',
  'refImages/limits',
  'l10n',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-host/**', '.vscode-test/**', '.package/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware: a promise nobody awaits or handles loses its error (an unhandled rejection in
    // the extension host) and its ordering. `void` marks the fire-and-forget ones on purpose.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test() and describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The core is shared by the CLI and the unit tests, which run in plain Node.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/mcp/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core, src/cli, src/mcp and src/shared must stay free of the vscode API.' },
          ],
        },
      ],
    },
  },
  {
    // The webview's script runs in the browser, bundled on its own: node, vscode and zod must
    // never reach it. An allowlist: its own files (src/webview is flat, so './x'), types from
    // src/shared (protocol.ts validates with zod on the extension's side), @vscode/l10n, and the
    // pure rule modules of src/core named here (sizes, models, prompt checks: no zod, no node,
    // no I/O). Anything else is an error; a new core module joins the list only once it is pure
    // (test/unit/bundles.test.ts checks dist/webview.js itself).
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?![.]|@vscode/l10n$)',
              message:
                'The webview bundle takes no package but @vscode/l10n: vscode, zod, node built-ins and native code must never reach the browser.',
            },
            {
              regex: `^[.][.]/core/(?!(${WEBVIEW_CORE_MODULES.join('|')})$)`,
              message: `The webview takes from src/core only the pure rule modules listed in eslint.config.mjs (${WEBVIEW_CORE_MODULES.join(', ')}): the rest brings zod, node or I/O. Add one there only once it is pure.`,
            },
            {
              regex: '^[.][.]/(?!core/|shared/)|^[.][.]/[.][.]/',
              message:
                'The webview imports nothing outside src/webview but src/shared types and the listed src/core modules: never the extension side (features, cli, mcp, extension.ts).',
            },
            {
              group: ['../shared/*'],
              allowTypeImports: true,
              message: 'The webview takes only types from src/shared (its runtime code brings zod).',
            },
          ],
        },
      ],
    },
  },
  {
    // Localisation (issue 17): what the extension says to people goes through vscode.l10n.t, so
    // it reaches the translations. A sentence written inline is the usual way one slips past.
    files: ['src/features/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          ['Literal', 'a string'],
          ['TemplateLiteral', 'a template string'],
          ['BinaryExpression[operator="+"]', 'a concatenated string'],
        ].flatMap(([node, what]) => [
          {
            selector: `CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > ${node}.arguments:first-child`,
            message: `Notifications are localised: pass vscode.l10n.t('…{0}…', value) instead of ${what}.`,
          },
          {
            selector: `CallExpression[callee.property.name='withProgress'] > ObjectExpression.arguments:first-child > Property[key.name=/^(title)$/] > ${node}.value`,
            message: `Progress titles are localised: use vscode.l10n.t('…{0}…', value) instead of ${what}.`,
          },
          {
            selector: `CallExpression[callee.property.name=/^show(QuickPick|InputBox)$/] ObjectExpression > Property[key.name=/^(title|prompt)$/] > ${node}.value`,
            message: `Quick pick and input box titles and prompts are localised: use vscode.l10n.t('…{0}…', value) instead of ${what}.`,
          },
        ]),
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
