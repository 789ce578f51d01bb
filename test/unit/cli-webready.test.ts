import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readXmpRecord } from '../../src/core/convert/xmp';
import { inspectImage, isAvif } from '../../src/core/imageType';
import { startSimulator, type Simulator } from '../simulator/server';
import { assertCliBuilt, runBuiltCli, type CliRun } from './cliRunner';
import { avifSize, avifXmp, jpegXmp, webpXmp } from './imageMeta';

const KEY = 'sk-sim-cli-webready-0123456789';
let sim: Simulator;
const cli = (args: string[]): Promise<CliRun> => runBuiltCli(args, KEY, sim.baseUrl);

before(async () => {
  assertCliBuilt();
  // A request id on successes (an extra the spec does not promise) to see it recorded in the file.
  sim = await startSimulator({ apiKey: KEY, extras: { requestIdHeader: true } });
});
after(() => sim.close());
beforeEach(() => sim.reset());

describe('aisa-image generate --format --resize --quality', () => {
  test('--format avif --resize 512x512: a real AVIF of exactly 512x512, its record readable; generated at 1920x1920', async () => {
    const r = await cli(['generate', '--prompt', 'a red panda', '--format', 'avif', '--resize', '512x512', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      'aisa-image: Seedream 4.5 generates 1920x1920, delivered as an AVIF of exactly 512x512 (resized and centre-cropped).\n',
    );
    assert.deepEqual((sim.generationRequests()[0]?.body as { size?: string }).size, '1920x1920');
    const j = JSON.parse(r.stdout);
    assert.match(j.images[0].path, /^assets\/a-red-panda-\d{8}-\d{6}\.avif$/);
    assert.deepEqual([j.images[0].size, j.images[0].mime], ['512x512', 'image/avif']);
    const bytes = await readFile(path.join(r.cwd, j.images[0].path));
    assert.ok(isAvif(bytes));
    assert.deepEqual(avifSize(bytes), { width: 512, height: 512 });
    const xmp = readXmpRecord(avifXmp(bytes) ?? '');
    assert.deepEqual(
      [xmp.prompt, xmp.model, xmp.size, xmp.delivered],
      ['a red panda', 'seedream-4-5-251128', '1920x1920', '512x512 avif'],
    );
    assert.match(xmp.requestId ?? '', /\S/);
  });

  test('--format webp --resize 1200x630: a real WebP of exactly 1200x630, its record readable', async () => {
    const r = await cli(['generate', '--prompt', 'og card', '--format', 'webp', '--resize', '1200x630']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((sim.generationRequests()[0]?.body as { size?: string }).size, '2656x1392');
    const file = r.stdout.trim();
    assert.match(file, /^assets\/og-card-\d{8}-\d{6}\.webp$/);
    const bytes = await readFile(path.join(r.cwd, file));
    assert.deepEqual(
      [inspectImage(bytes)?.mime, inspectImage(bytes)?.width, inspectImage(bytes)?.height],
      ['image/webp', 1200, 630],
    );
    assert.equal(readXmpRecord(webpXmp(bytes) ?? '').prompt, 'og card');
  });

  test('--format jpg --quality 60 at the generated size; --size wins over the planned size', async () => {
    const r = await cli([
      'generate',
      '--prompt',
      'q',
      '--format',
      'jpg',
      '--quality',
      '60',
      '--size',
      '2560x1440',
      '--resize',
      '1280x720',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((sim.generationRequests()[0]?.body as { size?: string }).size, '2560x1440');
    assert.match(r.stderr, /generates 2560x1440, delivered as a JPEG of exactly 1280x720/);
    const bytes = await readFile(path.join(r.cwd, r.stdout.trim()));
    assert.deepEqual([inspectImage(bytes)?.width, inspectImage(bytes)?.height], [1280, 720]);
    assert.equal(readXmpRecord(jpegXmp(bytes) ?? '').prompt, 'q');
  });

  const bad: Array<[string, string[], RegExp]> = [
    [
      'unknown format',
      ['--format', 'gif'],
      /^aisa-image: --format: "gif" is not an output format: use png, webp, jpeg or avif\.\n$/,
    ],
    [
      'a zero side',
      ['--format', 'webp', '--resize', '0x10'],
      /^aisa-image: --resize: 0x10 has a side below 1 pixel: both the width and the height must be at least 1\.\n$/,
    ],
    [
      'one number',
      ['--resize', '1200'],
      /^aisa-image: --resize: "1200" is not a size: write WIDTHxHEIGHT in pixels, for example 1200x630\.\n$/,
    ],
    [
      'too wide for WebP',
      ['--format', 'webp', '--resize', '16384x100'],
      /^aisa-image: --resize: 16384x100 is too large for WebP, which holds at most 16,383 pixels a side: choose a smaller size or another format\.\n$/,
    ],
    ['too wide for AVIF', ['--format', 'avif', '--resize', '20000x100'], /too large for AVIF/],
    ['too large for any format', ['--format', 'png', '--resize', '99999x99999'], /pixels, above the 268,402,689/],
    [
      'quality out of range',
      ['--format', 'webp', '--quality', '0'],
      /^aisa-image: --quality: The quality must be a whole number from 1 to 100, not "0"\.\n$/,
    ],
    ['quality for PNG', ['--format', 'png', '--quality', '80'], /PNG is lossless and takes no quality/],
  ];
  for (const [name, args, message] of bad) {
    test(`bad input, ${name}: exit 2, one sentence, nothing sent`, async () => {
      const r = await cli(['generate', '--prompt', 'p', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(sim.requests.length, 0);
    });
  }

  test('--help documents --format, --resize and --quality', async () => {
    const r = await cli(['--help']);
    for (const flag of ['--format', 'png|webp|jpeg|avif', '--resize WxH', '--quality N', '16383'])
      assert.ok(r.stdout.includes(flag), flag);
  });
});
