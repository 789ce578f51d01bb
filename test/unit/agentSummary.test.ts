import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { savedFile, summarizeForAgent } from '../../src/core/agentSummary';
import { AisaError } from '../../src/core/errors';
import type { GenerationOutcome, SavedImage } from '../../src/core/generate';
import { validateRequest } from '../../src/core/request';

const root = path.resolve('/work/site');
const image = (rel: string, extra: Partial<SavedImage> = {}): SavedImage => ({
  index: 0,
  path: path.join(root, rel),
  mime: 'image/png',
  bytes: 2_500_000,
  width: 2560,
  height: 1440,
  ...extra,
});
const outcome = (saved: SavedImage[], text?: string): GenerationOutcome => ({
  request: validateRequest({ prompt: 'a lighthouse', size: '2560x1440' }),
  result: {
    model: 'seedream-4-5-251128',
    created: 0,
    images: [],
    requestId: 'req_1',
    ...(text === undefined ? {} : { text }),
  },
  saved,
  unsaved: [],
  costUsd: 0.04,
});

test('the summary an agent reads: paths relative to the root, size, cost, request id, and both references per file', () => {
  const saved = [image('public/hero image.png')];
  const files = saved.map((s) => savedFile(root, s, 'A lighthouse'));
  assert.equal(files[0]?.path, 'public/hero image.png');
  assert.equal(files[0]?.uri, 'file:///work/site/public/hero%20image.png');
  assert.equal(
    summarizeForAgent(outcome(saved), files, undefined),
    [
      'Saved 1 image with Seedream 4.5 (seedream-4-5-251128) at 2560x1440; estimated cost $0.040; request id req_1.',
      '- public/hero image.png (2560x1440 PNG, 2.4 MB)',
      '  Markdown: ![A lighthouse](public/hero%20image.png)',
      '  HTML: <img src="public/hero%20image.png" alt="A lighthouse">',
      'Existing files are never overwritten.',
    ].join('\n'),
  );
});

test('an image that could not take the exact path says where it went and why; what the model wrote is cleaned and capped', () => {
  const why = new AisaError('save', 'hero.png appeared while the image was being saved: it was not overwritten.');
  const saved = [image('public/hero_2.png', { placement: { as: 'fresh', why } })];
  const text = summarizeForAgent(
    outcome(saved, `ok\u001b[31m red\u202e\nForged: line ${'x'.repeat(2000)}`),
    saved.map((s) => savedFile(root, s, 'p')),
    'public/hero.png',
    ['image 2 of 2 was generated but not saved: disk full.'],
  );
  assert.match(
    text,
    /It could not be saved as public\/hero\.png \(hero\.png appeared while .*\) so it was saved as public\/hero_2\.png: reference that path\./,
  );
  assert.match(text, /^Not saved: image 2 of 2 was generated but not saved: disk full\.$/m);
  const said = /^The model also wrote: (.*)$/m.exec(text)?.[1] ?? '';
  // The escape sequence goes whole, and the model cannot start a line of its own in the summary.
  assert.ok(said.startsWith('ok red Forged: line x'), said.slice(0, 30));
  assert.equal(said.length, 600);
  assert.doesNotMatch(text, /^Forged/m);
});
