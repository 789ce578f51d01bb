import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspectImage } from '../../src/core/imageType';
import { startSimulator, type Simulator } from '../simulator/server';
import { assertCliBuilt, runBuiltCli, type CliRun } from './cliRunner';
import { filesIn } from './helpers';

const KEY = 'sk-sim-cli-models-0123456789';
const GEMINI = 'gemini-3-pro-image-preview';
let sim: Simulator;

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runBuiltCli(args, KEY, sim.baseUrl, env);

const apiPaths = (): string[] => sim.requests.filter((r) => r.server === 'api').map((r) => r.path);

async function dims(cwd: string, file: string): Promise<string> {
  const info = inspectImage(await readFile(path.join(cwd, file)));
  return `${info?.mime} ${info?.width}x${info?.height}`;
}

before(async () => {
  assertCliBuilt();
  sim = await startSimulator({ apiKey: KEY });
});
after(() => sim.close());
beforeEach(() => sim.reset());

describe('aisa-image generate --model, per family', () => {
  test('Wan 2.7: --json, n images saved, the Wan route and body, cost at $0.030 each', async () => {
    const r = await cli(['generate', '--prompt', 'a red panda', '--model', 'wan2.7-image', '--n', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['model', 'created', 'images', 'usage', 'costUsd']);
    assert.equal(j.model, 'wan2.7-image');
    assert.equal(j.costUsd, 0.06);
    assert.equal(j.images.length, 2);
    for (const img of j.images) {
      assert.deepEqual(Object.keys(img), ['path', 'size', 'bytes', 'mime']);
      assert.match(img.path, /^assets\/a-red-panda-\d{8}-\d{6}-[12]\.png$/);
      assert.equal(img.size, '2048x2048');
      assert.equal(await dims(r.cwd, img.path), 'image/png 2048x2048');
      assert.equal(img.bytes, (await readFile(path.join(r.cwd, img.path))).length);
    }
    assert.deepEqual(apiPaths(), ['/v1/chat/completions']);
    assert.deepEqual(sim.generationRequests()[0]?.body, {
      model: 'wan2.7-image',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a red panda' }] }],
      n: 2,
    });
    assert.equal(sim.downloadRequests().length, 2);
  });

  test('Wan 2.7 Pro with base64 images: paths on stdout, nothing downloaded, n = 1 sent', async () => {
    sim.setFaults({ wanImageFormat: 'base64' });
    const r = await cli(['generate', '--prompt', 'pro', '--model', 'wan2.7-image-pro']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^assets\/pro-\d{8}-\d{6}\.png$/);
    assert.equal(await dims(r.cwd, lines[0] ?? ''), 'image/png 2048x2048');
    assert.equal(sim.downloadRequests().length, 0);
    assert.equal((sim.generationRequests()[0]?.body as { n?: unknown }).n, 1);
  });

  test('Wan --json with base64 images: cost at $0.075', async () => {
    sim.setFaults({ wanImageFormat: 'base64' });
    const r = await cli([
      'generate',
      '--prompt',
      'pro',
      '--model',
      'wan2.7-image-pro',
      '--n',
      '3',
      '--json',
      '--out',
      'out/wan',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.costUsd, 0.225);
    assert.equal(j.images.length, 3);
    assert.equal((await filesIn(path.join(r.cwd, 'out/wan'))).length, 3);
  });

  test('Gemini --json: costUsd null (no published price), the model text on stderr, stdout pure JSON', async () => {
    const r = await cli(['generate', '--prompt', 'a red panda', '--model', GEMINI, '--size', '16:9@4K', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['model', 'created', 'images', 'usage', 'costUsd']);
    assert.equal(j.model, GEMINI);
    assert.equal(j.costUsd, null);
    assert.equal(typeof j.created, 'number');
    assert.equal(j.images.length, 1);
    assert.equal(j.images[0].size, '4096x2304');
    assert.equal(await dims(r.cwd, j.images[0].path), 'image/png 4096x2304');
    assert.match(r.stderr, /Here is your image\./);
    assert.deepEqual(apiPaths(), [`/v1beta/models/${GEMINI}:generateContent`]);
    assert.deepEqual(sim.generationRequests()[0]?.body, {
      contents: [{ role: 'user', parts: [{ text: 'a red panda' }] }],
      generationConfig: {
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: { aspectRatio: '16:9', imageSize: '4K' },
      },
    });
  });

  test('Gemini without --size takes 1:1@2K, not the Seedream default; a bare ratio takes 2K', async () => {
    const square = await cli(['generate', '--prompt', 'sq', '--model', GEMINI]);
    assert.equal(square.code, 0, square.stderr);
    assert.equal(await dims(square.cwd, square.stdout.trim()), 'image/png 2048x2048');
    assert.match(square.stderr, /says: Here is your image\./);
    const wide = await cli(['generate', '--prompt', 'wide', '--model', GEMINI, '--size', '9:16']);
    assert.equal(wide.code, 0, wide.stderr);
    assert.equal(await dims(wide.cwd, wide.stdout.trim()), 'image/png 1152x2048');
    const configs = sim
      .generationRequests()
      .map((q) => (q.body as { generationConfig: { imageConfig: unknown } }).generationConfig.imageConfig);
    assert.deepEqual(configs, [
      { aspectRatio: '1:1', imageSize: '2K' },
      { aspectRatio: '9:16', imageSize: '2K' },
    ]);
  });

  test('AISA_GEMINI_API_VERSION=v1 sends Gemini to /v1/models/...', async () => {
    const r = await cli(['generate', '--prompt', 'p', '--model', GEMINI], { AISA_GEMINI_API_VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(apiPaths(), [`/v1/models/${GEMINI}:generateContent`]);
  });

  test('Seedream is untouched: no --size still means 2048x2048 on /v1/images/generations', async () => {
    const r = await cli(['generate', '--prompt', 'p', '--model', 'seedream-4-5-251128']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(sim.generationRequests()[0]?.body, {
      model: 'seedream-4-5-251128',
      prompt: 'p',
      n: 1,
      size: '2048x2048',
    });
    assert.equal(r.stderr, '');
  });

  const badInput: Array<[string, string[], Record<string, string | undefined>, RegExp]> = [
    ['Seedream given an aspect ratio', ['--size', '16:9'], {}, /Seedream takes WIDTHxHEIGHT in pixels.*2560x1440/],
    ['Gemini given pixels', ['--model', GEMINI, '--size', '2048x2048'], {}, /not pixels: for 2048x2048 write 1:1@2K/],
    ['Gemini given an unknown ratio', ['--model', GEMINI, '--size', '2:1'], {}, /not an aspect ratio Gemini offers/],
    ['Gemini given an unknown resolution', ['--model', GEMINI, '--size', '1:1@8K'], {}, /1K, 2K or 4K/],
    ['Gemini asked for 2 images', ['--model', GEMINI, '--n', '2'], {}, /one image per request/],
    ['Wan given a size', ['--model', 'wan2.7-image', '--size', '2048x2048'], {}, /no size setting.*cannot be honoured/],
    ['Wan Pro given a Gemini size', ['--model', 'wan2.7-image-pro', '--size', '16:9@2K'], {}, /no size setting/],
    ['an unknown Gemini API version', ['--model', GEMINI], { AISA_GEMINI_API_VERSION: 'v2' }, /v1beta or v1/],
    [
      'a base URL Gemini cannot be placed beside',
      ['--model', GEMINI, '--base-url', 'http://127.0.0.1:9/aisa'],
      {},
      /does not end in \/v1/,
    ],
  ];
  for (const [name, args, env, message] of badInput) {
    test(`bad per-family input, ${name}: exit 2, one clear sentence, nothing sent`, async () => {
      const r = await cli(['generate', '--prompt', 'p', ...args], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.deepEqual(sim.requests, []);
      assert.deepEqual(await filesIn(path.join(r.cwd, 'assets')), []);
    });
  }

  test("--help documents each family's size and the Gemini API version", async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.ok(
      r.stdout.includes(
        'aisa-image generate --prompt TEXT [--size WxH] [--n N] [--model ID] [--out DIR] [--base-url URL] [--json]',
      ),
    );
    for (const s of [
      '1:1@2K',
      '16:9@4K',
      'Wan: none',
      'n must be 1',
      'wan2.7-image-pro',
      '$0.075',
      'price not published',
      'AISA_GEMINI_API_VERSION',
      'costUsd is null',
    ]) {
      assert.ok(r.stdout.includes(s), s);
    }
  });
});
