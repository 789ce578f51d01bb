// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // never reach it. It takes only types from src/shared (protocol.ts validates with zod on the
    // extension's side) and pure rules (sizes, models, prompt checks) from src/core.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview talks to the extension by postMessage only.' }],
          patterns: [
            {
              group: ['zod', 'zod/*', 'node:*', 'node-fetch', 'sharp'],
              message: 'The webview bundle stays free of zod, node and native code.',
            },
            {
              group: ['../features/*', '../features/**', '../cli/*', '../mcp/*'],
              message: 'The webview never imports the extension side.',
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
