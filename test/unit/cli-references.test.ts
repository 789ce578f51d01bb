import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { GENERATION_KEYWORD, readPngText } from '../../src/core/pngText';
import { startSimulator, type Simulator } from '../simulator/server';
import { assertCliBuilt, runBuiltCli, type CliRun } from './cliRunner';
import { tempDir } from './helpers';

const KEY = 'sk-sim-cli-refs-0123456789';
let sim: Simulator;
let refDir: string;
let fox: string;

const cli = (args: string[]): Promise<CliRun> => runBuiltCli(args, KEY, sim.baseUrl);

before(async () => {
  assertCliBuilt();
  sim = await startSimulator({ apiKey: KEY });
  refDir = await tempDir('aisa-cli-refs-');
  fox = path.join(refDir, 'fox.png');
  await writeFile(
    fox,
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 200, b: 30 } } })
      .png()
      .toBuffer(),
  );
});
after(() => sim.close());
beforeEach(() => sim.reset());

async function centre(file: string): Promise<number[]> {
  const { data, info } = await sharp(await readFile(file))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

describe('aisa-image generate --reference', () => {
  for (const model of ['wan2.7-image', 'gemini-3-pro-image-preview']) {
    test(`${model}: the reference is sent, the saved image derives from it and names it`, async () => {
      const r = await cli(['generate', '--model', model, '--prompt', 'at night', '--reference', fox]);
      assert.equal(r.code, 0, r.stderr);
      const file = path.join(r.cwd, r.stdout.trim());
      assert.deepEqual(await centre(file), [245, 55, 225]);
      const record = JSON.parse(
        readPngText(await readFile(file)).find((t) => t.keyword === GENERATION_KEYWORD)?.text ?? '{}',
      );
      assert.deepEqual(record.references, ['fox.png']);
      assert.equal(sim.generationRequests().length, 1);
    });
  }

  test('with --format png --resize, the converted PNG still names its reference in its generation record', async () => {
    const r = await cli([
      'generate',
      '--model',
      'wan2.7-image',
      '--prompt',
      'p',
      '--reference',
      fox,
      '--format',
      'png',
      '--resize',
      '640x480',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const text = readPngText(await readFile(path.join(r.cwd, r.stdout.trim())));
    assert.equal(JSON.parse(text.find((t) => t.keyword === GENERATION_KEYWORD)?.text ?? '{}').references, 'fox.png');
  });

  const refused: Array<[string, string[], RegExp]> = [
    [
      'Seedream',
      ['--prompt', 'p'],
      /^aisa-image: Seedream on AIsa takes text only; choose Wan 2\.7 or Gemini to edit from images\.\n$/,
    ],
    [
      'a missing file',
      ['--model', 'wan2.7-image', '--prompt', 'p', '--reference', 'nope.png'],
      /^aisa-image: --reference nope\.png: no such file\.\n$/,
    ],
    [
      'two where one is taken',
      ['--model', 'wan2.7-image', '--prompt', 'p', '--reference', 'FOX'],
      /takes 1 reference image here .*give 1, not 2\.\n$/,
    ],
    [
      'a file that is not an image',
      ['--model', 'gemini-3-pro-image-preview', '--prompt', 'p', '--reference', 'TEXT'],
      /^aisa-image: The reference notes\.txt is not an image that can be read/,
    ],
  ];
  for (const [what, args, message] of refused) {
    test(`refused, exit 2 and nothing sent: ${what}`, async () => {
      const notes = path.join(refDir, 'notes.txt');
      await writeFile(notes, 'hello');
      const full = args.flatMap((a) => (a === 'FOX' ? [fox, '--reference', fox] : a === 'TEXT' ? [notes] : [a]));
      const r = await cli(['generate', ...full, ...(what === 'Seedream' ? ['--reference', fox] : [])]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.equal(r.stdout, '');
      assert.equal(sim.requests.length, 0);
    });
  }

  test('--help documents --reference', async () => {
    const r = await cli(['--help']);
    assert.match(r.stdout, /--reference FILE {2}An image to edit or compose from/);
  });
});
