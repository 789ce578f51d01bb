import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AisaError, describeError, isAisaError } from '../../src/core/errors';

// This file runs as out/test/unit/errors.test.js; `npm test` builds dist/ first.
const ENGINE = path.resolve(__dirname, '../../../dist/engine.js');

test("an AisaError thrown by the separately bundled engine (dist/engine.js) is recognised by the extension's copy of the class", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, as the extension loads it
  const engine = require(ENGINE) as typeof import('../../src/core/engine');
  let thrown: unknown;
  try {
    new engine.AisaClient({ baseUrl: 'ftp://example.invalid/v1', apiKey: 'sk-test' });
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Error, 'the engine refused the base URL');
  assert.notEqual(Object.getPrototypeOf(thrown), AisaError.prototype, 'a class of its own bundle, not this one');
  assert.ok(thrown instanceof AisaError);
  assert.ok(isAisaError(thrown, 'input'));
  assert.equal(describeError(thrown), (thrown as Error).message);
});

test('only errors shaped like an AisaError pass for one', () => {
  assert.ok(!(new Error('plain') instanceof AisaError));
  assert.ok(!(Object.assign(new Error('no kind'), { name: 'AisaError' }) instanceof AisaError));
  assert.ok(!({ name: 'AisaError', kind: 'input' } instanceof AisaError), 'not an Error at all');
  assert.ok(new AisaError('input', 'x') instanceof AisaError);
});
