import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AisaClient, apiRoot } from '../../src/core/client';
import { AisaError } from '../../src/core/errors';
import { generateAndSave } from '../../src/core/generate';
import { inspectImage } from '../../src/core/imageType';
import { checkGeminiSize, checkModelSize, describeSize } from '../../src/core/modelSizes';
import { requireModel } from '../../src/core/models';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';
import { wanImage } from '../../src/core/routes/wan';
import { encodePng } from '../simulator/png';
import { startSimulator, type Simulator } from '../simulator/server';
import { clientFor, filesIn, tempDir } from './helpers';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());
beforeEach(() => sim.reset());

const GEMINI = 'gemini-3-pro-image-preview';
const GEMINI_PATH = `/v1beta/models/${GEMINI}:generateContent`;

const isError =
  (kind: string, message?: RegExp) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof AisaError, `expected AisaError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (message) assert.match(e.message, message);
    return true;
  };

/** Every path the API server was asked for, in order: proves no other route was touched. */
const apiPaths = (): string[] => sim.requests.filter((r) => r.server === 'api').map((r) => `${r.method} ${r.path}`);

async function saveAll(request: ReturnType<typeof validateRequest>, client: AisaClient = clientFor(sim)) {
  const dir = path.join(await tempDir('aisa-routes-'), 'assets');
  const outcome = await generateAndSave(request, { client, fs: nodeFileSystem, outDir: dir });
  const files = await Promise.all(
    outcome.saved.map(async (s) => ({ saved: s, info: inspectImage(await readFile(s.path)) })),
  );
  return { outcome, files, dir };
}

describe('each family goes to its own route, and only there', () => {
  test('Seedream -> POST /v1/images/generations, body unchanged', async () => {
    await clientFor(sim).generate(validateRequest({ prompt: 'a red panda', n: 2, size: '2560x1440' }));
    assert.deepEqual(apiPaths(), ['POST /v1/images/generations']);
    assert.deepEqual(sim.generationRequests()[0]?.body, {
      model: 'seedream-4-5-251128',
      prompt: 'a red panda',
      n: 2,
      size: '2560x1440',
    });
  });

  for (const model of ['wan2.7-image', 'wan2.7-image-pro']) {
    test(`${model} -> POST /v1/chat/completions only`, async () => {
      await clientFor(sim).generate(validateRequest({ prompt: 'a red panda', model }));
      assert.deepEqual(apiPaths(), ['POST /v1/chat/completions']);
    });
  }

  test('Gemini -> POST /v1beta/models/{model}:generateContent only', async () => {
    await clientFor(sim).generate(validateRequest({ prompt: 'a red panda', model: GEMINI }));
    assert.deepEqual(apiPaths(), [`POST ${GEMINI_PATH}`]);
  });

  test('an unknown Gemini image id still goes to the Gemini route, by family', async () => {
    await clientFor(sim).generate(validateRequest({ prompt: 'p', model: 'gemini-2.5-flash-image' }));
    assert.deepEqual(apiPaths(), ['POST /v1beta/models/gemini-2.5-flash-image:generateContent']);
  });
});

describe('Wan 2.7 through chat completions', () => {
  test('the documented body: typed content parts, n always sent, no size field', async () => {
    const result = await clientFor(sim).generate(
      validateRequest({ prompt: '  a red panda ', model: 'wan2.7-image', n: 2 }),
    );
    const [sent] = sim.generationRequests();
    assert.equal(sent?.path, '/v1/chat/completions');
    assert.equal(sent?.headers['authorization'], `Bearer ${sim.apiKey}`);
    assert.deepEqual(sent?.body, {
      model: 'wan2.7-image',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a red panda' }] }],
      n: 2,
    });
    assert.equal(result.images.length, 2);
  });

  test('n = 1 is sent explicitly: the route would otherwise bill 4 images', async () => {
    const result = await clientFor(sim).generate(validateRequest({ prompt: 'p', model: 'wan2.7-image-pro' }));
    const body = sim.generationRequests()[0]?.body as Record<string, unknown>;
    assert.ok(Object.hasOwn(body, 'n'), 'n must be in the body');
    assert.equal(body['n'], 1);
    assert.equal(result.images.length, 1);
  });

  test('URL images are downloaded and saved as real PNGs, cost at the Wan price', async () => {
    const { outcome, files } = await saveAll(validateRequest({ prompt: 'wan url', model: 'wan2.7-image', n: 3 }));
    assert.ok(outcome.result.images.every((i) => i.kind === 'url'));
    assert.equal(sim.downloadRequests().length, 3);
    assert.equal(files.length, 3);
    for (const f of files) assert.deepEqual([f.info?.mime, f.info?.width, f.info?.height], ['image/png', 2048, 2048]);
    assert.equal(new Set(files.map((f) => f.saved.path)).size, 3);
    assert.equal(outcome.costUsd, 0.09);
    assert.deepEqual(outcome.unsaved, []);
  });

  test('base64 images (data: URLs) are saved without any download', async () => {
    sim.setFaults({ wanImageFormat: 'base64' });
    const { outcome, files } = await saveAll(
      validateRequest({ prompt: 'wan base64', model: 'wan2.7-image-pro', n: 2 }),
    );
    assert.deepEqual(
      outcome.result.images.map((i) => [i.kind, i.kind === 'inline' ? i.mime : undefined]),
      [
        ['inline', 'image/png'],
        ['inline', 'image/png'],
      ],
    );
    assert.equal(sim.downloadRequests().length, 0);
    assert.equal(files.length, 2);
    for (const f of files) assert.deepEqual([f.info?.mime, f.info?.width, f.info?.height], ['image/png', 2048, 2048]);
    assert.equal(outcome.costUsd, 0.15);
  });

  test('bare base64 (no data: prefix) and text parts are read too', async () => {
    const png = encodePng(64, 32, { mode: 'pattern', seed: 7 }).toString('base64');
    sim.setFaults({
      generation: [
        {
          json: {
            model: 'wan2.7-image',
            created: 1776495432,
            choices: [
              {
                message: {
                  content: [
                    { type: 'text', text: 'Done.' },
                    { type: 'image', image: png },
                  ],
                },
              },
            ],
            usage: {
              prompt_tokens: 3,
              completion_tokens: 0,
              total_tokens: 3,
              prompt_tokens_details: { cached_tokens: 0 },
            },
          },
        },
      ],
    });
    const { outcome, files } = await saveAll(validateRequest({ prompt: 'p', model: 'wan2.7-image' }));
    assert.equal(outcome.result.text, 'Done.');
    assert.deepEqual(outcome.result.usage, { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 });
    assert.deepEqual([files[0]?.info?.width, files[0]?.info?.height], [64, 32]);
  });

  test('an image that is neither a link nor base64 is a bad answer (which may have been billed)', async () => {
    sim.setFaults({
      generation: [{ json: { choices: [{ message: { content: [{ type: 'image', image: 'not an image!' }] } }] } }],
    });
    await assert.rejects(
      clientFor(sim).generate(validateRequest({ prompt: 'p', model: 'wan2.7-image' })),
      (e: unknown) =>
        isError('bad_response', /choices\[0\]\.message\.content\[0\]\.image/)(e) && (e as AisaError).mayHaveBilled,
    );
    assert.throws(() => wanImage('data:image/png,raw', 'x'), /not base64/);
    assert.deepEqual(wanImage(' https://cdn.example/a.png?x=1 ', 'x'), {
      kind: 'url',
      url: 'https://cdn.example/a.png?x=1',
    });
  });
});

describe('Gemini through generateContent', () => {
  test('the documented body, with the aspect ratio and resolution asked for', async () => {
    await clientFor(sim).generate(validateRequest({ prompt: 'a red panda', model: GEMINI, size: '16:9@4K' }));
    const [sent] = sim.generationRequests();
    assert.equal(sent?.path, GEMINI_PATH);
    assert.equal(sent?.headers['authorization'], `Bearer ${sim.apiKey}`);
    assert.deepEqual(sent?.body, {
      contents: [{ role: 'user', parts: [{ text: 'a red panda' }] }],
      generationConfig: {
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: { aspectRatio: '16:9', imageSize: '4K' },
      },
    });
  });

  test('the text part is surfaced and the inline image saved as a real PNG of the asked shape', async () => {
    const cases: Array<[string | undefined, string, [number, number]]> = [
      [undefined, '1:1@2K', [2048, 2048]],
      ['16:9', '16:9@2K', [2048, 1152]],
      ['9:16@4k', '9:16@4K', [2304, 4096]],
      ['21:9@1K', '21:9@1K', [1024, 439]],
    ];
    for (const [size, canonical, [width, height]] of cases) {
      sim.reset();
      const request = validateRequest({ prompt: 'gemini', model: GEMINI, size });
      assert.equal(request.size, canonical);
      const { outcome, files } = await saveAll(request);
      assert.equal(outcome.result.text, 'Here is your image.');
      assert.equal(sim.downloadRequests().length, 0);
      assert.equal(files.length, 1);
      assert.deepEqual(
        [files[0]?.info?.mime, files[0]?.info?.width, files[0]?.info?.height],
        ['image/png', width, height],
        canonical,
      );
      assert.equal(outcome.costUsd, undefined, 'no published price: no made-up cost');
      assert.equal(typeof outcome.result.usage?.['totalTokenCount'], 'number');
    }
  });

  test('v1 instead of v1beta when configured', async () => {
    await clientFor(sim, { geminiApiVersion: 'v1' }).generate(validateRequest({ prompt: 'p', model: GEMINI }));
    assert.deepEqual(apiPaths(), [`POST /v1/models/${GEMINI}:generateContent`]);
    assert.throws(() => clientFor(sim, { geminiApiVersion: 'v2' as 'v1' }), isError('input', /v1beta or v1/));
  });

  test('thought parts are skipped; snake_case inline_data is read; only final text is shown', async () => {
    const draft = encodePng(16, 16, { mode: 'pattern', seed: 1 }).toString('base64');
    const final = encodePng(48, 24, { mode: 'pattern', seed: 2 }).toString('base64');
    sim.setFaults({
      generation: [
        {
          json: {
            candidates: [
              {
                content: {
                  parts: [
                    { text: 'thinking about composition', thought: true },
                    { inlineData: { mimeType: 'image/png', data: draft }, thought: true },
                    { text: 'A panda, as asked.' },
                    { inline_data: { mime_type: 'image/png', data: final } },
                  ],
                },
              },
            ],
            usageMetadata: { totalTokenCount: 10, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }] },
          },
        },
      ],
    });
    const { outcome, files } = await saveAll(validateRequest({ prompt: 'p', model: GEMINI }));
    assert.equal(outcome.result.text, 'A panda, as asked.');
    assert.deepEqual(outcome.result.usage, { totalTokenCount: 10 });
    assert.deepEqual(
      files.map((f) => [f.info?.width, f.info?.height]),
      [[48, 24]],
    );
  });

  test('an answer with text but no image is a clear error', async () => {
    sim.setFaults({
      generation: [
        {
          json: {
            candidates: [{ content: { parts: [{ text: 'I cannot draw that.' }] }, finishReason: 'IMAGE_SAFETY' }],
          },
        },
      ],
    });
    await assert.rejects(
      clientFor(sim).generate(validateRequest({ prompt: 'p', model: GEMINI })),
      isError('bad_response', /without any image/),
    );
  });

  test('a path prefix before /v1 is kept: the proxy sees /prefix/v1beta/..., never /prefix/v1/v1beta', async () => {
    const seen: string[] = [];
    const proxy: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const target = sim.apiOrigin + (req.url ?? '').replace(/^\/aisa/, '');
        fetch(target, {
          method: req.method ?? 'POST',
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        })
          .then(async (r) => {
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/aisa/v1`;
      const client = new AisaClient({ baseUrl: base, apiKey: sim.apiKey });
      await client.generate(validateRequest({ prompt: 'p', model: GEMINI }));
      await client.generate(validateRequest({ prompt: 'p' }));
      assert.deepEqual(seen, [`/aisa${GEMINI_PATH}`, '/aisa/v1/images/generations']);
      assert.deepEqual(apiPaths(), [`POST ${GEMINI_PATH}`, 'POST /v1/images/generations']);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  test('the Gemini path is worked out from the base URL: its final /v1 is replaced', () => {
    assert.equal(apiRoot('https://api.aisa.one/v1'), 'https://api.aisa.one');
    assert.equal(apiRoot('http://127.0.0.1:8787/v1'), 'http://127.0.0.1:8787');
    assert.equal(apiRoot('https://proxy.example/aisa/v1'), 'https://proxy.example/aisa');
    assert.equal(apiRoot('https://proxy.example/v1/tenant/v1'), 'https://proxy.example/v1/tenant');
    assert.throws(() => apiRoot('https://proxy.example/aisa'), isError('input', /does not end in \/v1/));
    assert.throws(() => apiRoot('https://proxy.example/v10'), isError('input', /does not end in \/v1/));
  });

  test('a base URL not ending in /v1 refuses Gemini before anything is sent', async () => {
    const client = new AisaClient({ baseUrl: sim.apiOrigin, apiKey: sim.apiKey });
    await assert.rejects(
      client.generate(validateRequest({ prompt: 'p', model: GEMINI })),
      isError('input', /does not end in \/v1/),
    );
    assert.deepEqual(sim.requests, []);
  });
});

describe('sizes are judged by the model family, before any request', () => {
  const bad: Array<[string, { model?: string; size?: string; n?: number }, RegExp]> = [
    ['Seedream given an aspect ratio', { size: '16:9' }, /not an aspect ratio: for 16:9 try 2560x1440/],
    ['Seedream below the minimum', { size: '1024x1024' }, /minimum is 3,686,400/],
    ['Gemini given pixels', { model: GEMINI, size: '2560x1440' }, /not pixels: for 2560x1440 write 16:9@2K/],
    [
      'Gemini given a ratio it does not offer',
      { model: GEMINI, size: '2:1' },
      /2:1 is not an aspect ratio Gemini offers.*closest is 16:9/,
    ],
    [
      'Gemini given an unknown resolution',
      { model: GEMINI, size: '16:9@8K' },
      /"8K" is not a Gemini resolution: use 1K, 2K or 4K/,
    ],
    ['Gemini given nonsense', { model: GEMINI, size: 'large' }, /not a Gemini size.*16:9@4K/],
    ['Gemini asked for 2 images', { model: GEMINI, n: 2 }, /one image per request/],
    ['Wan given a size', { model: 'wan2.7-image', size: '2048x2048' }, /no size setting.*cannot be honoured/],
    ['Wan Pro given a ratio', { model: 'wan2.7-image-pro', size: '16:9' }, /no size setting/],
  ];
  for (const [name, input, message] of bad) {
    test(`${name}: refused with one clear sentence`, () => {
      assert.throws(() => validateRequest({ prompt: 'p', ...input }), isError('input', message));
      assert.deepEqual(sim.requests, []);
    });
  }

  test('the client itself refuses what a route cannot honour, even without validateRequest', async () => {
    await assert.rejects(
      clientFor(sim).generate({ model: GEMINI, prompt: 'p', n: 2, size: '1:1@2K' }),
      isError('input', /one image per request/),
    );
    await assert.rejects(
      clientFor(sim).generate({ model: GEMINI, prompt: 'p', n: 1, size: '2048x2048' }),
      isError('input', /not pixels/),
    );
    await assert.rejects(
      clientFor(sim).generate({ model: 'wan2.7-image', prompt: 'p', n: 1, size: '1:1' }),
      isError('input', /no size setting/),
    );
    assert.deepEqual(sim.requests, []);
  });

  test('defaults and canonical forms per family', () => {
    assert.equal(validateRequest({ prompt: 'p' }).size, '2048x2048');
    assert.equal(validateRequest({ prompt: 'p', model: GEMINI }).size, '1:1@2K');
    assert.equal(validateRequest({ prompt: 'p', model: GEMINI, size: ' 32:18@4k ' }).size, '16:9@4K');
    assert.equal(validateRequest({ prompt: 'p', model: GEMINI, size: '7:3' }).size, '21:9@2K');
    assert.equal(validateRequest({ prompt: 'p', model: 'wan2.7-image' }).size, '');
    assert.equal(validateRequest({ prompt: 'p', model: 'wan2.7-image', size: ' ' }).size, '');
    assert.equal(validateRequest({ prompt: 'p', model: 'wan2.7-image', n: 10 }).n, 10);
    assert.equal(describeSize('gemini', '16:9@4K'), '16:9 at 4K');
    assert.equal(describeSize('seedream', '2048x2048'), '2048x2048');
    assert.equal(checkGeminiSize('4:5').ok, true);
    const r = checkModelSize(requireModel(GEMINI), '1920x1080');
    assert.equal(r.ok ? undefined : r.suggestion, '16:9@2K');
  });
});

describe('nothing of one family leaks into another', () => {
  test('three families in a row: three requests, each on its own route, files for each', async () => {
    const dirs = [
      await saveAll(validateRequest({ prompt: 'one', size: '1920x1920' })),
      await saveAll(validateRequest({ prompt: 'two', model: 'wan2.7-image' })),
      await saveAll(validateRequest({ prompt: 'three', model: GEMINI, size: '4:3@1K' })),
    ];
    assert.deepEqual(apiPaths(), ['POST /v1/images/generations', 'POST /v1/chat/completions', `POST ${GEMINI_PATH}`]);
    const sizes = dirs.map((d) => d.files.map((f) => `${f.info?.width}x${f.info?.height}`));
    assert.deepEqual(sizes, [['1920x1920'], ['2048x2048'], ['1024x768']]);
    for (const d of dirs) assert.equal((await filesIn(d.dir)).length, 1);
  });
});

import { apiError } from '../../src/core/apiErrors';

test('a size error from a Gemini route gives Gemini advice, not WIDTHxHEIGHT', () => {
  const e = apiError({
    status: 400,
    bodyText: JSON.stringify({ error: { code: 'INVALID_ARGUMENT', message: 'imageSize must be 1K, 2K or 4K' } }),
    headerRequestId: 'r1',
    retryAfter: null,
    model: 'gemini-3-pro-image-preview',
    route: 'POST x',
  });
  assert.equal(e.kind, 'invalid_size');
  assert.match(e.message, /aspect ratio such as 16:9 with 1K, 2K or 4K/);
  assert.doesNotMatch(e.message, /WIDTHxHEIGHT/);
  const s = apiError({
    status: 400,
    bodyText: JSON.stringify({
      error: { code: 'InvalidParameter', message: 'image size must be at least 3686400 pixels' },
    }),
    headerRequestId: null,
    retryAfter: null,
    model: 'seedream-4-5-251128',
    route: 'POST x',
  });
  assert.equal(s.kind, 'size_too_small');
});
