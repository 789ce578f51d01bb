import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { savedFile, summarizeForAgent } from '../../src/core/agentSummary';
import type { Engine } from '../../src/core/engine';
import { AisaError, describeError } from '../../src/core/errors';
import { validateBaseUrl } from '../../src/core/baseUrl';
import { useTranslations } from '../../src/core/l10n';
import { validateRequest } from '../../src/core/request';
import { checkSize, SIZE_PRESETS } from '../../src/core/sizes';
import { startSimulator, type Simulator } from '../simulator/server';

// This file runs as out/test/unit/l10nCore.test.js (in its own process); `npm test` builds dist/ first.
const root = path.resolve(__dirname, '../../..');
const readJson = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(root, 'l10n', name), 'utf8')) as Record<string, string>;
const bundle = (lang: string): Record<string, string> => readJson(`bundle.l10n.${lang}.json`);

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const req = { model: 'seedream-4-5-251128', prompt: 'a red panda', n: 1, size: '2048x2048' };

test('the engine bundle (dist/engine.js) has its own l10n: configured there, the sentences it throws come out translated', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, as src/features/engine.ts loads it
  const engine = require(path.join(root, 'dist', 'engine.js')) as Engine;
  const key = 'The AIsa API key is missing or was rejected: set a valid key and try again.';
  const bad = (): Promise<unknown> => new engine.AisaClient({ baseUrl: sim.baseUrl, apiKey: 'sk-wrong' }).generate(req);

  // Not configured (the CLI, the MCP server): English.
  await assert.rejects(bad, (e: unknown) => e instanceof AisaError && e.message === key);

  engine.useTranslations({ [key]: 'La clé est refusée.', 'The base URL must use https, not {0}.': 'Pas de {0}.' });
  await assert.rejects(
    bad,
    (e: unknown) => e instanceof AisaError && e.kind === 'invalid_key' && e.message === 'La clé est refusée.',
  );
  assert.throws(
    () => new engine.AisaClient({ baseUrl: 'ftp://example.com/v1', apiKey: 'k' }),
    (e: unknown) => e instanceof AisaError && e.message === 'Pas de ftp.',
  );
  // Only that bundle: the core this file bundles (as the extension's own file does) is still English.
  assert.throws(() => validateBaseUrl('ftp://example.com/v1'), /^AisaError: The base URL must use https, not ftp\.$/);
});

test('with the zh-cn and ja bundles, the core says its sentences in those languages, placeholders filled', () => {
  for (const [lang, expected] of [
    ['zh-cn', '2000x1000 为 2,000,000 像素，最小值为 3,686,400。保持相同宽高比，可尝试 2716x1358。'],
    [
      'ja',
      '2000x1000 は 2,000,000 ピクセルです。最小値は 3,686,400 です。同じアスペクト比なら 2716x1358 をお試しください。',
    ],
  ] as const) {
    useTranslations(bundle(lang));
    const r = checkSize('2000x1000');
    assert.ok(!r.ok);
    assert.equal(r.message, expected);
  }
  useTranslations(bundle('zh-cn'));
  assert.equal(
    describeError(new AisaError('cancelled', 'x', { requestId: 'req-1' })),
    'x（请求 ID req-1）',
    'describeError says the request id in the display language',
  );
  // Labels built at a module's top level are translated when read, not when the module loaded.
  assert.equal(SIZE_PRESETS.find((p) => p.ratio === '16:9')?.label, '宽屏');
  // Without a bundle (English VS Code: vscode.l10n.bundle is undefined) nothing changes.
  useTranslations(undefined);
  assert.equal(SIZE_PRESETS[0]?.label, '正方形', 'undefined keeps what was configured');
});

test('zh-cn and ja translate every message of l10n/bundle.l10n.json, with the same placeholders', () => {
  const english = Object.keys(readJson('bundle.l10n.json'));
  const placeholders = (s: string): string[] => (s.match(/\{[^}]+\}/g) ?? []).sort();
  assert.ok(english.length > 200, 'npm run l10n found the core and webview messages');
  for (const lang of ['zh-cn', 'ja']) {
    const t = bundle(lang);
    assert.deepEqual(
      english.filter((k) => typeof t[k] !== 'string' || !t[k]),
      [],
      `missing from bundle.l10n.${lang}.json`,
    );
    for (const k of english) assert.deepEqual(placeholders(t[k] ?? ''), placeholders(k), `${lang}: ${k}`);
  }
});

test('what a language model reads stays English with a bundle configured (the agent summary, its size and cost)', () => {
  useTranslations(bundle('zh-cn'));
  const request = validateRequest({ prompt: 'a lighthouse', model: 'gemini-3-pro-image-preview', size: '16:9@2K' });
  const image = { index: 0, path: '/w/a.png', mime: 'image/png' as const, bytes: 1000, width: 2048, height: 1152 };
  const text = summarizeForAgent(
    {
      request,
      result: { model: request.model, created: 0, images: [] },
      saved: [image],
      unsaved: [],
      costUsd: undefined,
    },
    [savedFile('/w', image, 'a lighthouse')],
    undefined,
  );
  assert.match(
    text,
    /^Saved 1 image with Gemini 3 Pro Image \(gemini-3-pro-image-preview\) at 16:9 at 2K; estimated cost price not published\.$/m,
  );
  assert.doesNotMatch(text, /[\u3000-\u9fff\uff00-\uffef]/, 'no Chinese in what the model reads');
});
