import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaError } from '../../src/core/errors';
import { seedreamTextOnly } from '../../src/core/refImages/limits';
import { parseToolInput, resolveReferencePath } from '../../src/core/toolInput';

const refused =
  (message: RegExp | string) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof AisaError && e.kind === 'input', String(e));
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  };

describe('the agent tool\'s "references"', () => {
  test('optional; a relative image path is kept as given', () => {
    assert.deepEqual(parseToolInput({ prompt: 'p' }, 'wan2.7-image').references, []);
    assert.deepEqual(
      parseToolInput({ prompt: 'at night', references: [' assets/hero.png '] }, 'wan2.7-image').references,
      ['assets/hero.png'],
    );
  });

  test('Seedream, too many, not a list, a URL, an absolute path or a non-image: one sentence each', () => {
    assert.throws(
      () => parseToolInput({ prompt: 'p', references: ['a.png'] }, 'seedream-4-5-251128'),
      refused(seedreamTextOnly()),
    );
    assert.throws(
      () => parseToolInput({ prompt: 'p', model: 'gemini-3-pro-image-preview', references: ['a.png', 'b.png'] }, 'x'),
      refused(/takes 1 reference image here/),
    );
    assert.throws(
      () => parseToolInput({ prompt: 'p', references: 'a.png' }, 'wan2.7-image'),
      refused(/must be a list of workspace-relative image paths/),
    );
    for (const bad of ['https://example.com/a.png', '/etc/a.png', 'notes.txt', 'C:\\a.png']) {
      assert.throws(
        () => parseToolInput({ prompt: 'p', references: [bad] }, 'wan2.7-image'),
        refused(/must be a relative path to an image file inside the workspace/),
        bad,
      );
    }
  });

  test('resolveReferencePath keeps a path inside its root, and refuses one that climbs out', () => {
    assert.equal(resolveReferencePath('/work/site', 'assets/./hero.png'), '/work/site/assets/hero.png');
    assert.equal(resolveReferencePath('/work/site/', 'a/../hero.png'), '/work/site/hero.png');
    for (const out of ['../secret.png', 'assets/../../other/x.png', '../site-other/x.png']) {
      assert.throws(
        () => resolveReferencePath('/work/site', out),
        refused(/is outside the workspace: only images inside it can be used\.$/),
        out,
      );
    }
  });
});
