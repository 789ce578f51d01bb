import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaError } from '../../src/core/errors';
import { validateRequest } from '../../src/core/request';
import { MAX_PIXELS, MIN_PIXELS } from '../../src/core/sizes';
import { runCli } from '../../src/cli/run';
import { startSimulator } from '../simulator/server';
import { tempDir } from './helpers';

/** A deterministic PRNG, so a failing case can be reproduced from its index. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function sizeCorpus(): string[] {
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const junk = ['', ' ', 'x', 'X', '*', ',', '.', '-', '+', 'px', '\t', '\n', '０', 'e3', '0x', '×', 'ｘ'];
  const corpus = new Set<string>([
    '',
    'x',
    '1024',
    '2048X2048',
    '2048 x 2048',
    ' 2048x2048',
    '2048x2048 ',
    '2048x',
    'x2048',
    '2048*2048',
    '2048×2048',
    '-2048x2048',
    '2048x-2048',
    '+2048x2048',
    '2048.0x2048',
    '2e3x2e3',
    '0x0',
    '0x99999999',
    '1920x1919',
    '1x3686399',
    '4097x4096',
    '99999x99999',
    '2048x2048x2048',
    'NaNxNaN',
    'Infinityx1',
    '0x7FFx0x7FF',
    '２０４８x２０４８',
    '1024x1024',
    '1536x1536',
    '1919x1920',
  ]);
  while (corpus.size < 400) {
    const w = Math.floor(rand() * 20000);
    const h = Math.floor(rand() * 20000);
    const kind = rand();
    if (kind < 0.4) {
      // Well-formed but outside [MIN, MAX].
      const px = w * h;
      if (px < MIN_PIXELS || px > MAX_PIXELS) corpus.add(`${w}x${h}`);
    } else {
      const parts = [String(w), pick(junk), String(h)];
      const at = Math.floor(rand() * 4);
      parts.splice(at, 0, pick(junk));
      const s = parts.join('');
      if (!/^\d+x\d+$/.test(s)) corpus.add(s);
    }
  }
  return [...corpus];
}

test('hundreds of malformed and out-of-range sizes are each refused with the right message', () => {
  const corpus = sizeCorpus();
  assert.ok(corpus.length >= 400);
  for (const size of corpus) {
    assert.throws(
      () => validateRequest({ prompt: 'p', size }),
      (e: unknown) => {
        assert.ok(e instanceof AisaError && e.kind === 'input', size);
        const m = /^(\d+)x(\d+)$/.exec(size);
        const px = m ? Number(m[1]) * Number(m[2]) : undefined;
        const expected =
          px === undefined || Number(m?.[1]) === 0 || Number(m?.[2]) === 0
            ? /WIDTHxHEIGHT/
            : px < MIN_PIXELS
              ? /minimum is 3,686,400/
              : /maximum is 16,777,216/;
        assert.match(e.message, expected, JSON.stringify(size));
        return true;
      },
    );
  }
});

test('through the CLI, none of them reaches the API', async () => {
  const sim = await startSimulator();
  const cwd = await tempDir();
  try {
    for (const size of sizeCorpus().slice(0, 150)) {
      const err: string[] = [];
      const code = await runCli(['generate', '--prompt', 'p', '--size', size], {
        out: () => undefined,
        err: (l) => err.push(l),
        env: { AISA_API_KEY: sim.apiKey, AISA_BASE_URL: sim.baseUrl },
        cwd,
      });
      assert.equal(code, 2, `${JSON.stringify(size)}: ${err.join(' ')}`);
    }
    assert.equal(sim.requests.length, 0);
  } finally {
    await sim.close();
  }
});

test('counts, prompts, models and base URLs out of range are refused before any request', async () => {
  const sim = await startSimulator();
  const cwd = await tempDir();
  const cases: string[][] = [
    ['--n', '0'],
    ['--n', '-1'],
    ['--n', '11'],
    ['--n', '1.5'],
    ['--n', ''],
    ['--n', '1e1'],
    ['--prompt', ''],
    ['--prompt', ' \t\n '],
    ['--prompt', 'x'.repeat(4001)],
    ['--model', ''],
    ['--model', 'gpt-image-1'],
    ['--base-url', 'not a url'],
    ['--base-url', 'http://example.com/v1'],
    ['--base-url', 'ftp://127.0.0.1/v1'],
    ['--base-url', 'https://u:p@api.aisa.one/v1'],
    ['--out', ''],
  ];
  try {
    for (const extra of cases) {
      const args = ['generate', '--prompt', 'p', ...extra];
      const err: string[] = [];
      const code = await runCli(args, {
        out: () => undefined,
        err: (l) => err.push(l),
        env: { AISA_API_KEY: sim.apiKey, AISA_BASE_URL: sim.baseUrl },
        cwd,
      });
      assert.equal(code, 2, `${extra.join(' ').slice(0, 40)}: ${err.join(' ')}`);
      assert.equal(err.length, 1);
    }
    assert.equal(sim.requests.length, 0);
  } finally {
    await sim.close();
  }
});
