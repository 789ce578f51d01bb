import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

// This file runs as out/test/unit/bundles.test.js; `npm test` builds dist/ first.
const root = path.resolve(__dirname, '../../..');
const dist = (f: string): string => path.join(root, 'dist', f);
const sources = (f: string): string[] =>
  (JSON.parse(readFileSync(`${dist(f)}.map`, 'utf8')) as { sources: string[] }).sources;
const SDK = '@modelcontextprotocol/sdk';

test('nothing of the MCP SDK is in the extension, nor in the CLI until `aisa-image mcp` requires dist/mcp.js', () => {
  for (const f of ['extension.js', 'cli.js']) {
    assert.deepEqual(
      sources(f).filter((s) => s.includes(SDK) || s.includes('src/mcp/')),
      [],
      `${f} bundles the MCP server`,
    );
    assert.ok(!readFileSync(dist(f), 'utf8').includes('StdioServerTransport'), f);
  }
  assert.match(readFileSync(dist('cli.js'), 'utf8'), /require\("\.\/mcp\.js"\)/);
  const mcp = sources('mcp.js');
  // The SDK ships source maps, so its files appear under their TypeScript names.
  assert.ok(
    mcp.some((s) => s.includes(SDK) && /\/server\/stdio\.[jt]s$/.test(s)),
    'dist/mcp.js holds the stdio server',
  );
  // Only the stdio server: none of the SDK's HTTP transports, clients or auth, nor ajv (esbuild.mjs, noAjvInTheServer).
  assert.deepEqual(
    mcp.filter(
      (s) =>
        /node_modules\/(express|hono|@hono|cors|jose|eventsource|raw-body|ajv|ajv-formats)\//.test(s) ||
        /sdk\/(src|dist\/\w+)\/(client|server\/auth)\//.test(s),
    ),
    [],
  );
});

test('the .vsix ships the CLI, the MCP server beside it and the Agent Skill (what Set Up for Other Agents points at)', async () => {
  const listed = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
      { cwd: root },
      (e, stdout) => (e ? reject(e) : resolve(stdout)),
    );
  });
  const files = listed.split('\n').map((l) => l.trim());
  for (const f of [
    'dist/extension.js',
    'dist/engine.js',
    'dist/panel.js',
    'dist/cli.js',
    'dist/mcp.js',
    'dist/fetch.js',
    'skills/aisa-images/SKILL.md',
    'l10n/bundle.l10n.json',
    'l10n/bundle.l10n.zh-cn.json',
    'l10n/bundle.l10n.ja.json',
  ])
    assert.ok(files.includes(f), `${f} is not in the .vsix`);
  assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('src/')), 'no sources or maps in the .vsix');
});

test("the open panel's code is its own file, loaded when a panel opens: not in the extension bundle", () => {
  const ext = sources('extension.js');
  for (const part of ['src/features/panel/messages.ts', 'src/features/panel/exportAs.ts', 'src/shared/protocol.ts'])
    assert.ok(!ext.some((s) => s.endsWith(part)), `${part} is in dist/extension.js`);
  assert.match(readFileSync(dist('extension.js'), 'utf8'), /require\("\.\/panel\.js"\)/);
  const panel = sources('panel.js');
  assert.ok(panel.some((s) => s.endsWith('src/features/panel/messages.ts')));
  // The one pipeline stays in the extension's bundle: the panel is handed it, never has a copy.
  assert.ok(!panel.some((s) => s.includes('src/features/pipeline/')), 'dist/panel.js holds a copy of the pipeline');
  assert.ok(!panel.some((s) => s.endsWith('src/core/client.ts')), 'dist/panel.js holds the engine');
  // Nor its own file system: the rename queue that keeps two saves off one name is one per module.
  assert.ok(!panel.some((s) => s.endsWith('src/features/vscodeFs.ts')), 'dist/panel.js holds a copy of vscodeFs');
});

test('the generation engine is its own file, loaded on the first generation: not in the extension bundle', () => {
  const ext = sources('extension.js');
  for (const heavy of [
    'src/core/client.ts',
    'src/core/download.ts',
    'src/core/convert/convert.ts',
    'src/core/originals.ts',
  ]) {
    assert.ok(!ext.some((s) => s.endsWith(heavy)), `${heavy} is in dist/extension.js`);
  }
  assert.match(readFileSync(dist('extension.js'), 'utf8'), /require\("\.\/engine\.js"\)/);
  assert.ok(sources('engine.js').some((s) => s.endsWith('src/core/client.ts')));
});

test('the webview bundle holds no zod, no node and nothing of the extension side (the lint zone, checked on the output)', () => {
  // It has no source map: zod is recognised by the names it always carries, node by its requires.
  const web = readFileSync(dist('webview.js'), 'utf8');
  assert.ok(!/ZodError|_zod|\$ZodType/.test(web), 'zod is in dist/webview.js');
  assert.ok(!/require\(|acquireVsCodeApi\(\)\.postMessage\(.*apiKey/.test(web), 'a require in the browser bundle');
  // Node built-ins by either name (esbuild keeps an import of one as an import) and Node's globals.
  const builtin = new RegExp(`(from|import\\()\\s*["'](node:|(${builtinModules.join('|')})["'/])`);
  assert.ok(!builtin.test(web), `a Node built-in in dist/webview.js: ${builtin.exec(web)?.[0] ?? ''}`);
  assert.ok(
    !/\bprocess\.(env|versions|platform)\b|\b__dirname\b|\bBuffer\.from\(/.test(web),
    "Node's globals in dist/webview.js",
  );
});
