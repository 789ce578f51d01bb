import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELP, parseCliArgs } from '../../src/cli/args';
import { checkModelSize } from '../../src/core/modelSizes';
import { findModel, MODELS } from '../../src/core/models';

// This file runs as out/test/unit/skill.test.js.
const FOLDER = path.resolve(__dirname, '../../../skills/aisa-images');
const text = readFileSync(path.join(FOLDER, 'SKILL.md'), 'utf8');

/** The YAML frontmatter's top-level `key: value` lines (the format allows no more for these two). */
function frontmatter(md: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
  assert.ok(m?.[1], 'SKILL.md starts with a --- frontmatter block');
  return Object.fromEntries(
    m[1]
      .split('\n')
      .map((l) => /^([a-z-]+):\s*(.*)$/.exec(l))
      .filter((x) => x !== null)
      .map((x) => [x[1], x[2]]),
  );
}

test('the skill: name equals its folder, and the description says what it does and when to use it, under 1,024 characters', () => {
  const fm = frontmatter(text);
  assert.equal(fm['name'], path.basename(FOLDER));
  assert.match(fm['name'] ?? '', /^[a-z0-9]+(-[a-z0-9]+)*$/);
  const description = fm['description'] ?? '';
  assert.ok(description.length > 0 && description.length < 1024, `description is ${description.length} characters`);
  assert.match(description, /^Generates .*image/);
  assert.match(description, /Use when /);
  assert.match(description, /never overwriting/);
});

test('every --flag the skill mentions exists in the CLI (parsed, and in --help)', () => {
  const flags = [...new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1] ?? ''))];
  assert.ok(flags.length >= 8, `found ${flags.join(' ')}`);
  for (const flag of flags) {
    assert.match(HELP, new RegExp(`^\\s+(-\\w, )?--${flag}\\b`, 'm'), `--${flag} is not in aisa-image --help`);
    // A string option takes the value; a boolean one leaves it as a positional.
    assert.doesNotThrow(() => parseCliArgs([`--${flag}`, 'x']), `--${flag} is not an option of the CLI`);
  }
});

test('the model table matches the core: every model, its price, and sizes the core accepts and refuses', () => {
  for (const m of MODELS) {
    assert.ok(text.includes(`\`${m.id}\``), `${m.id} is missing from the skill`);
    if (m.pricePerImageUsd !== undefined)
      assert.ok(text.includes(`$${m.pricePerImageUsd.toFixed(3)}`), `${m.id} price`);
  }
  const seedream = findModel('seedream-4-5-251128');
  const gemini = findModel('gemini-3-pro-image-preview');
  assert.ok(seedream && gemini);
  for (const s of ['2048x2048', '2560x1440', '1440x2560', '2304x1728', '1728x2304', '3024x1296'])
    assert.ok(checkModelSize(seedream, s).ok, s);
  assert.equal(checkModelSize(seedream, '1024x1024').ok, false);
  for (const s of ['16:9', '16:9@4K', '1:1@2K']) assert.ok(checkModelSize(gemini, s).ok, s);
});
