import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNumberSetting } from '../../src/core/settingValues';

const concurrency = { min: 1, max: 10, fallback: 2, whole: true };
const timeout = { min: 10, max: 3600, fallback: 300, whole: false };

test('an allowed value is used as written, without a word', () => {
  assert.deepEqual(checkNumberSetting('aisaImages.maxConcurrentRequests', 3, concurrency), { used: 3 });
  assert.deepEqual(checkNumberSetting('aisaImages.requestTimeoutSeconds', 12.5, timeout), { used: 12.5 });
});

test('out of range: the nearest bound is used, and the message names the setting, the rule and what is used', () => {
  assert.deepEqual(checkNumberSetting('aisaImages.maxConcurrentRequests', 0, concurrency), {
    used: 1,
    problem:
      'The setting aisaImages.maxConcurrentRequests is 0, but it must be a whole number from 1 to 10: 1 is used instead.',
  });
  assert.equal(checkNumberSetting('aisaImages.requestTimeoutSeconds', 99999, timeout).used, 3600);
});

test('not a number at all (hand-edited JSON): the default is used, and said', () => {
  for (const value of ['5', null, 2.5, Number.NaN, { n: 1 }]) {
    const checked = checkNumberSetting('aisaImages.maxConcurrentRequests', value, concurrency);
    assert.equal(checked.used, 2, String(value));
    assert.match(checked.problem ?? '', /must be a whole number from 1 to 10: 2 is used instead\.$/);
  }
});
