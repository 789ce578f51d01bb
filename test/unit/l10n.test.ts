// Issue 17: English, Simplified Chinese and Japanese, complete. The manifest's strings go through
// package.nls*.json, the code's through l10n/bundle.l10n*.json (generated from src/ by
// `npm run l10n`), the walkthrough's pages through media/walkthrough/*.nls.<language>.md. A key
// missing from a translation, or a translation that drops or changes a placeholder, a link target
// or a code span, fails here with the file and the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers';
import { checkBundles, checkFresh, checkManifest, checkWalkthroughPages, exportedBundle, readJson } from './l10nChecks';

const ROOT = path.resolve(__dirname, '../../..');
const L10N = path.join(ROOT, 'l10n');

test('package.json: every %key% is in package.nls.json, and both translations have exactly its keys, placeholders, links and code', () => {
  assert.deepEqual(checkManifest(ROOT), []);
});

test('l10n bundles: bundle.l10n.zh-cn.json and .ja.json have every key of bundle.l10n.json, with the same placeholders', () => {
  assert.deepEqual(checkBundles(L10N), []);
});

test('l10n/bundle.l10n.json is what `npm run l10n` makes of src/ now', async () => {
  assert.deepEqual(checkFresh(await exportedBundle(path.join(ROOT, 'src')), L10N), []);
});

test('each walkthrough page has its zh-cn and ja page, with the same links and code', () => {
  assert.deepEqual(checkWalkthroughPages(path.join(ROOT, 'media/walkthrough')), []);
});

test('the manifest points VS Code at the bundles, and `npm run l10n` regenerates them', () => {
  const manifest = readJson(path.join(ROOT, 'package.json')) as { l10n?: string; scripts: Record<string, string> };
  assert.equal(manifest.l10n, './l10n');
  assert.equal(manifest.scripts['l10n'], 'vscode-l10n-dev export --outDir ./l10n ./src');
});

// The checks themselves, on made-up folders: each catches what it is there for.
const write = (file: string, value: unknown): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
};

test('the bundle check names the file and key of a missing translation, a changed placeholder and a stale key', async () => {
  const dir = path.join(await tempDir('aisa-l10n-'), 'l10n');
  write(path.join(dir, 'bundle.l10n.json'), {
    'Saved {0} image(s) to {1}.': 'Saved {0} image(s) to {1}.',
    Open: 'Open',
    'Export {name} as…': 'Export {name} as…',
  });
  write(path.join(dir, 'bundle.l10n.zh-cn.json'), {
    'Saved {0} image(s) to {1}.': '已将 {0} 张图像保存到 {1}。',
    'Export {name} as…': '将 {名称} 导出为…',
    Gone: '旧',
  });
  write(path.join(dir, 'bundle.l10n.ja.json'), {
    'Saved {0} image(s) to {1}.': '{0} 枚の画像を保存しました。',
    Open: '開く',
    'Export {name} as…': '{name} を形式を指定してエクスポート…',
  });
  assert.deepEqual(checkBundles(dir), [
    'l10n/bundle.l10n.ja.json: "Saved {0} image(s) to {1}.": placeholders ["{0}"] where the English has ["{0}","{1}"]',
    'l10n/bundle.l10n.zh-cn.json: "Open" is missing (it is in l10n/bundle.l10n.json)',
    'l10n/bundle.l10n.zh-cn.json: "Export {name} as…": placeholders [] where the English has ["{name}"]',
    'l10n/bundle.l10n.zh-cn.json: "Gone" is not in l10n/bundle.l10n.json (stale: remove it)',
  ]);
});

test('the bundle check wants both languages once the code has strings, and nothing before', async () => {
  const dir = path.join(await tempDir('aisa-l10n-'), 'l10n');
  mkdirSync(dir, { recursive: true });
  assert.deepEqual(checkBundles(dir), []);
  write(path.join(dir, 'bundle.l10n.json'), { Open: 'Open' });
  write(path.join(dir, 'bundle.l10n.ja.json'), { Open: '開く' });
  assert.deepEqual(checkBundles(dir), ['l10n/bundle.l10n.zh-cn.json is missing']);
});

test('the manifest check names a %key% without English, an unused key, and a translation that breaks a link or a setting id', async () => {
  const root = await tempDir('aisa-l10n-');
  write(path.join(root, 'package.json'), {
    contributes: {
      commands: [{ command: 'x.generate', title: '%command.generate.title%', category: '%command.category%' }],
      configuration: { properties: { 'x.size': { markdownDescription: '%config.size.markdownDescription%' } } },
    },
  });
  const en = {
    'command.generate.title': 'Generate Image',
    'config.size.markdownDescription': 'Size; see `#x.model#` and [the docs](https://example.com/sizes).',
    unused: 'Nobody shows this',
  };
  write(path.join(root, 'package.nls.json'), en);
  write(path.join(root, 'package.nls.zh-cn.json'), {
    ...en,
    'command.generate.title': '生成图像',
    'config.size.markdownDescription': '尺寸；请参阅 `#x.模型#` 和[文档](https://example.com/sizes)。',
  });
  write(path.join(root, 'package.nls.ja.json'), {
    ...en,
    'command.generate.title': '画像を生成',
    'config.size.markdownDescription': 'サイズ。`#x.model#` と[ドキュメント](https://example.com/other) を参照。',
  });
  assert.deepEqual(checkManifest(root), [
    'package.json: %command.category% (at contributes.commands[0].category) is missing from package.nls.json',
    'package.nls.json: "unused" is used nowhere in package.json',
    'package.nls.zh-cn.json: "config.size.markdownDescription": code spans ["#x.模型#"] where the English has ["#x.model#"]',
    'package.nls.ja.json: "config.size.markdownDescription": link targets ["https://example.com/other"] where the English has ["https://example.com/sizes"]',
  ]);
});

test('the walkthrough check names a missing page and a page that drops a command link', async () => {
  const dir = await tempDir('aisa-l10n-');
  write(path.join(dir, 'key.md'), 'Run [Set API Key](command:x.setApiKey) or `x.clear`.');
  write(path.join(dir, 'key.nls.zh-cn.md'), '运行[设置 API 密钥](command:x.setApiKey)或 `x.clear`。');
  write(path.join(dir, 'key.nls.ja.md'), '[API キーを設定] を実行するか `x.clear` を使います。');
  write(path.join(dir, 'agent.md'), '# Agent');
  write(path.join(dir, 'agent.nls.zh-cn.md'), '# 智能体');
  assert.deepEqual(checkWalkthroughPages(dir), [
    'media/walkthrough/agent.nls.ja.md is missing',
    'media/walkthrough/key.nls.ja.md: link targets [] where the English has ["command:x.setApiKey"]',
  ]);
});

test('the freshness check names a string the code has and the bundle lacks, and one no source has any more', async () => {
  const root = await tempDir('aisa-l10n-');
  write(
    path.join(root, 'src', 'a.ts'),
    "import * as vscode from 'vscode';\nexport const a = (n: number) => vscode.l10n.t('Saved {0} image(s).', n);\n",
  );
  write(
    path.join(root, 'src', 'core', 'b.ts'),
    "import * as l10n from '@vscode/l10n';\nexport const b = () => l10n.t({ message: 'Open', comment: ['a button'] });\n",
  );
  write(path.join(root, 'l10n', 'bundle.l10n.json'), { 'Saved {0} image(s).': 'Saved {0} image(s).', Old: 'Old' });
  const exported = await exportedBundle(path.join(root, 'src'));
  assert.deepEqual(Object.keys(exported).sort(), ['Open/a button', 'Saved {0} image(s).']);
  assert.deepEqual(checkFresh(exported, path.join(root, 'l10n')), [
    'l10n/bundle.l10n.json: "Open/a button" is in the code but missing (run npm run l10n)',
    'l10n/bundle.l10n.json: "Old" is in no source any more (run npm run l10n)',
  ]);
});
