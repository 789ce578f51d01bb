import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntryView } from '../../src/shared/protocol';
import { splitName } from '../../src/webview/fileName';
import { historyListing, matches } from '../../src/webview/listing';

describe('panel tiles: file names cut in the middle', () => {
  test('two images of one generation keep their distinguishing ends', () => {
    const a = splitName('a-lighthouse-on-a-cliff-at-dusk-20261122-143005-1.png');
    const b = splitName('a-lighthouse-on-a-cliff-at-dusk-20261122-143005-2.png');
    assert.deepEqual(a, { head: 'a-lighthouse-on-a-cliff-at-dusk-20261122', tail: '-143005-1.png' });
    assert.equal(b.tail, '-143005-2.png');
    assert.equal(splitName('a-red-fox-from-the-palette-20261122-080307.png').tail, '-080307.png');
  });

  test('head + tail is always the whole name, and the tail is never longer than asked', () => {
    const names = [
      'x.png',
      'sixteen-chars.pn',
      'seventeen-chars.p',
      'noseparatorsinthislongname.png',
      'a_b_c_d_e_f_g_h_i_j_k.webp',
      '-leading-dash-and-long-enough.jpg',
      'ends-with-a-dash-------------------',
    ];
    for (const name of names) {
      for (const max of [8, 12, 16, 24]) {
        const { head, tail } = splitName(name, max, Math.min(8, max));
        assert.equal(head + tail, name, `${name} at ${max}`);
        assert.ok(tail.length <= max, `${name} at ${max}: tail "${tail}"`);
      }
    }
  });

  test('a short name is not split; a tail too short to tell names apart is not cut at a separator', () => {
    assert.deepEqual(splitName('red-panda.png'), { head: 'red-panda.png', tail: '' });
    // Only ".png" starts at a separator within the last 16: too little, so the last 16 as they are.
    assert.deepEqual(splitName('averyveryverylongnamewithoutdashes.png'), {
      head: 'averyveryverylongnamew',
      tail: 'ithoutdashes.png',
    });
  });
});

const entry = (id: string, prompt: string, file = `${id}.png`): EntryView => ({
  id,
  prompt,
  model: 'seedream-4-5-251128',
  modelLabel: 'Seedream 4.5',
  size: '2048x2048',
  sizeLabel: '2048x2048',
  n: 1,
  cost: '$0.040',
  createdAt: 0,
  durationMs: 1000,
  files: [{ index: 0, name: file, relPath: `assets/${file}`, missing: false }],
  unsaved: 0,
});

describe('panel history: the list under Latest', () => {
  const history = [entry('c', 'A lighthouse at dusk'), entry('b', 'A red fox'), entry('a', 'A lighthouse at dawn')];

  test('the entry shown under Latest is left out, and counted out', () => {
    const l = historyListing(history, 'c', '');
    assert.deepEqual(
      l.hits.map((e) => e.id),
      ['b', 'a'],
    );
    assert.equal(l.count, '2');
    assert.equal(l.empty, '');
  });

  test('without a Latest card every entry is listed', () => {
    assert.deepEqual(
      historyListing(history, undefined, '').hits.map((e) => e.id),
      ['c', 'b', 'a'],
    );
    assert.equal(historyListing(history, undefined, '').count, '3');
  });

  test('the filter counts hits among the listed entries', () => {
    assert.equal(historyListing(history, 'c', 'lighthouse').count, '1 of 2');
    assert.equal(historyListing(history, undefined, 'lighthouse').count, '2 of 3');
    assert.equal(historyListing(history, 'c', 'zebra').empty, 'No generation matches the filter.');
  });

  test('only the latest generation: the empty list says earlier ones go here', () => {
    const l = historyListing([history[0] as EntryView], 'c', '');
    assert.deepEqual(l.hits, []);
    assert.equal(l.count, '');
    assert.match(l.empty, /^Earlier generations appear here/);
    assert.match(historyListing([], undefined, '').empty, /^Generations appear here/);
  });

  test('matches: every word, anywhere in prompt, model, size, request id or file path', () => {
    const e = entry('x', 'A lighthouse at dusk', 'a-lighthouse-20261122-143005-1.png');
    assert.ok(matches(e, 'LIGHTHOUSE seedream'));
    assert.ok(matches(e, '143005-1'));
    assert.ok(matches(e, '  '));
    assert.ok(!matches(e, 'lighthouse fox'));
  });

  test('matches: a failed generation is found by what it failed with', () => {
    const failed: EntryView = {
      ...entry('f', 'A stormy sea'),
      files: [],
      error: 'The prompt was refused by the content policy.',
    };
    assert.ok(matches(failed, 'content policy'));
    assert.ok(!matches(entry('g', 'A stormy sea'), 'content policy'));
  });
});
