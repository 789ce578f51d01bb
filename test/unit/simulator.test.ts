// The simulator is what every other test trusts to behave like AIsa, so it is tested over real
// HTTP exactly as clients will use it.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { crc32, inflateSync } from 'node:zlib';
import { encodePng, pngSize } from '../simulator/png';
import { startSimulator, type SimRequest, type SimResponseInfo, type Simulator } from '../simulator/server';

interface ErrorBody {
  error: { type: string; code: string; message: string; request_id: string };
}
interface SeedreamBody {
  model: string;
  created: number;
  data: { url?: string; b64_json?: string; size: string }[];
  usage: { generated_images: number; output_tokens: number; total_tokens: number };
}
interface WanBody {
  object: string;
  model: string;
  choices: {
    index: number;
    finish_reason: string;
    message: { role: string; content: { type: string; image: string }[] };
  }[];
  usage: { prompt_tokens: number; total_tokens: number };
}
interface GeminiPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
}
interface GeminiBody {
  candidates: { content: { role: string; parts: GeminiPart[] }; finishReason: string }[];
  usageMetadata: object;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

const SEEDREAM = 'seedream-4-5-251128';
const GEMINI = 'gemini-3-pro-image-preview';
const REQUEST_ID = /^req_sim_[0-9a-f]{16}$/;
const ALL_EXTRAS = { requestIdHeader: true, expiresInLinks: true, undocumentedLimits: true } as const;

async function call(
  url: string,
  body: unknown,
  opts: { key?: string | null; raw?: string; method?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key !== null) headers['authorization'] = `Bearer ${opts.key ?? 'sk-sim-test'}`;
  const init: RequestInit = { method: opts.method ?? 'POST', headers };
  if (init.method !== 'GET') init.body = opts.raw ?? JSON.stringify(body);
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const seedream = (sim: Simulator, fields: Record<string, unknown>, opts?: { key?: string | null }): Promise<Answer> =>
  call(
    `${sim.baseUrl}/images/generations`,
    { model: SEEDREAM, prompt: 'a red panda', size: '2048x2048', ...fields },
    opts,
  );

const wan = (sim: Simulator, fields: Record<string, unknown>): Promise<Answer> =>
  call(`${sim.baseUrl}/chat/completions`, {
    model: 'wan2.7-image',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'a red panda' }] }],
    ...fields,
  });

const gemini = (
  sim: Simulator,
  imageConfig: Record<string, unknown>,
  opts: { model?: string; prefix?: string } = {},
): Promise<Answer> =>
  call(`${sim.apiOrigin}${opts.prefix ?? '/v1beta'}/models/${opts.model ?? GEMINI}:generateContent`, {
    contents: [{ role: 'user', parts: [{ text: 'a red panda' }] }],
    generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig },
  });

function assertError(a: Answer, status: number, code: string, type?: string): ErrorBody['error'] {
  assert.equal(a.status, status, a.text);
  const { error } = a.json as ErrorBody;
  assert.equal(error.code, code);
  if (type !== undefined) assert.equal(error.type, type);
  assert.equal(typeof error.message, 'string');
  assert.match(error.request_id, REQUEST_ID);
  assert.equal(a.headers.get('x-request-id'), error.request_id);
  return error;
}

/** Full structural check with an independent CRC and inflate, not just the IHDR. */
function checkPng(buf: Buffer): { width: number; height: number } {
  const size = pngSize(buf);
  assert.ok(size, 'PNG signature and IHDR');
  const idat: Buffer[] = [];
  let at = 8;
  let last = '';
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    last = buf.toString('ascii', at + 4, at + 8);
    assert.equal(buf.readUInt32BE(at + 8 + len), crc32(buf.subarray(at + 4, at + 8 + len)), `CRC of ${last}`);
    if (last === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  assert.equal(last, 'IEND');
  assert.equal(buf[25], 2, 'colour type RGB');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size.width * 3 + 1;
  assert.equal(raw.length, stride * size.height);
  for (let y = 0; y < size.height; y++) assert.ok((raw[y * stride] ?? 99) <= 4, 'filter type');
  return size;
}

async function download(url: string, init: RequestInit = {}): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(url, init);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function oneUrl(sim: Simulator): Promise<string> {
  const a = await seedream(sim, { size: '1920x1920' });
  const url = (a.json as SeedreamBody).data[0]?.url;
  assert.ok(url);
  return url;
}

const sessionHandles = (): string[] =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'Timeout');

/** Closed handles leave the list only after libuv's close phase, which follows the check phase. */
async function settledHandles(): Promise<string[]> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
  return sessionHandles();
}

describe('png', () => {
  test('pattern images are valid, sized as asked, differ by seed and are cached', () => {
    const a = encodePng(300, 200, { seed: 1 });
    assert.deepEqual(checkPng(a), { width: 300, height: 200 });
    assert.notDeepEqual(encodePng(300, 200, { seed: 2 }), a);
    assert.equal(encodePng(300, 200, { seed: 1 }), a);
  });

  test('noise images are stored, not compressed', () => {
    const png = encodePng(256, 128, { mode: 'noise', seed: 3 });
    assert.deepEqual(checkPng(png), { width: 256, height: 128 });
    assert.ok(png.length > 128 * (256 * 3 + 1), `${png.length} bytes`);
  });

  test('tEXt chunks are written; pngSize rejects non-PNG bytes', () => {
    const png = encodePng(8, 8, { text: { Title: 'sim' } });
    checkPng(png);
    assert.ok(png.includes(Buffer.from('tEXtTitle\0sim', 'latin1')));
    assert.equal(pngSize(Buffer.from('<!DOCTYPE html><html></html>')), undefined);
  });
});

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    // These tests describe the simulator with every behaviour beyond the spec switched on; the defaults are tested below.
    sim = await startSimulator({ extras: ALL_EXTRAS });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  test('every API route needs the bearer key; 401 has the common error shape', async () => {
    const missing = await seedream(sim, {}, { key: null });
    assert.match(assertError(missing, 401, 'invalid_api_key', 'authentication_error').message, /missing/);
    const wrong = await seedream(sim, {}, { key: 'sk-wrong' });
    assertError(wrong, 401, 'invalid_api_key', 'authentication_error');
    assert.notEqual((missing.json as ErrorBody).error.request_id, (wrong.json as ErrorBody).error.request_id);
    assertError(await call(`${sim.baseUrl}/chat/completions`, {}, { key: 'sk-wrong' }), 401, 'invalid_api_key');
    assertError(
      await call(`${sim.apiOrigin}/v1beta/models/${GEMINI}:generateContent`, {}, { key: null }),
      401,
      'invalid_api_key',
    );
    assert.equal(sim.generationRequests()[1]?.headers['authorization'], 'Bearer sk-wrong');
    assert.equal(sim.generationRequests()[0]?.headers['authorization'], undefined);
  });

  test('unknown paths answer 404 with a request id', async () => {
    assertError(await call(`${sim.baseUrl}/images/edits`, {}), 404, 'not_found');
  });

  test('each model family has one route: the wrong one answers 404 openai_error', async () => {
    const onImages = assertError(
      await seedream(sim, { model: 'wan2.7-image' }),
      404,
      'model_not_found',
      'openai_error',
    );
    assert.match(onImages.message, /not routed/);
    assertError(await seedream(sim, { model: GEMINI }), 404, 'model_not_found', 'openai_error');
    assertError(await wan(sim, { model: SEEDREAM }), 404, 'model_not_found', 'openai_error');
    assertError(await gemini(sim, {}, { model: 'gemini-2.5-pro' }), 404, 'model_not_found', 'openai_error');
    assertError(await gemini(sim, {}, { model: 'wan2.7-image' }), 404, 'model_not_found', 'openai_error');
  });

  test('a forbidden model answers 403 model_not_allowed', async () => {
    sim.setFaults({ forbiddenModels: [SEEDREAM, 'wan2.7-image-pro'] });
    assertError(await seedream(sim, {}), 403, 'model_not_allowed');
    assertError(await wan(sim, { model: 'wan2.7-image-pro' }), 403, 'model_not_allowed');
    assert.equal((await wan(sim, { n: 1 })).status, 200);
  });

  test('Seedream rejects bodies that are not JSON objects and missing prompts', async () => {
    assertError(await call(`${sim.baseUrl}/images/generations`, undefined, { raw: 'model=x' }), 400, 'invalid_request');
    assertError(await call(`${sim.baseUrl}/images/generations`, [SEEDREAM]), 400, 'invalid_request');
    assertError(await seedream(sim, { prompt: '' }), 400, 'invalid_request');
    assertError(await seedream(sim, { prompt: undefined }), 400, 'invalid_request');
  });

  test('Seedream size: malformed is invalid_request, too few or too many pixels InvalidParameter', async () => {
    for (const size of ['1024', '2048X2048', ' 2048x2048', '2048x2048px', '2048*2048', 2048, undefined]) {
      assertError(await seedream(sim, { size }), 400, 'invalid_request');
    }
    const small = assertError(await seedream(sim, { size: '1024x1024' }), 400, 'InvalidParameter');
    assert.equal(small.message, 'image size must be at least 3686400 pixels');
    assert.equal(
      assertError(await seedream(sim, { size: '1536x1536' }), 400, 'InvalidParameter').message,
      small.message,
    );
    assert.match(assertError(await seedream(sim, { size: '4097x4096' }), 400, 'InvalidParameter').message, /16777216/);
    for (const size of ['1920x1920', '2304x1600', '4096x4096']) {
      const ok = await seedream(sim, { size });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((ok.json as SeedreamBody).data[0]?.size, size);
    }
  });

  test('Seedream n must be an integer from 1 to 15', async () => {
    for (const n of [0, -1, 1.5, '2', 16]) assertError(await seedream(sim, { n }), 400, 'invalid_request');
    assert.equal((await seedream(sim, { n: 15 })).status, 200);
  });

  test('Seedream n=3 returns three distinct short-lived URLs serving real PNGs of the requested size', async () => {
    const before = Math.floor(Date.now() / 1000);
    const a = await seedream(sim, { n: 3, size: '2560x1440' });
    assert.equal(a.status, 200, a.text);
    assert.match(a.headers.get('x-request-id') ?? '', REQUEST_ID);
    const body = a.json as SeedreamBody;
    assert.equal(body.model, SEEDREAM);
    assert.ok(body.created >= before && body.created <= Math.ceil(Date.now() / 1000));
    assert.deepEqual(body.usage, { generated_images: 3, output_tokens: 49152, total_tokens: 49152 });
    const urls = body.data.map((d) => d.url ?? '');
    assert.equal(new Set(urls).size, 3);
    const pngs: Buffer[] = [];
    for (const [i, url] of urls.entries()) {
      assert.ok(url.startsWith(`${sim.cdnOrigin}/images/`) && /\?expires=\d+$/.test(url), url);
      assert.equal(body.data[i]?.size, '2560x1440');
      const { res, body: png } = await download(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('content-length'), String(png.length));
      assert.deepEqual(checkPng(png), { width: 2560, height: 1440 });
      pngs.push(png);
    }
    assert.ok(!pngs[0]?.equals(pngs[1] ?? Buffer.alloc(0)) && !pngs[1]?.equals(pngs[2] ?? Buffer.alloc(0)));
    assert.equal(sim.downloadRequests().length, 3);
    assert.ok(sim.downloadRequests().every((r) => r.headers['authorization'] === undefined));
  });

  test('a prompt tagged [policy] answers 422 content_policy_violation on every route', async () => {
    assertError(await seedream(sim, { prompt: 'a [policy] panda' }), 422, 'content_policy_violation');
    const text = [{ type: 'text', text: '[policy]' }];
    assertError(await wan(sim, { messages: [{ role: 'user', content: text }] }), 422, 'content_policy_violation');
    const g = await call(`${sim.apiOrigin}/v1beta/models/${GEMINI}:generateContent`, {
      contents: [{ parts: [{ text: '[policy]' }] }],
    });
    assertError(g, 422, 'content_policy_violation');
  });

  test('Seedream response_format b64_json inlines the PNG instead of a URL', async () => {
    const body = (await seedream(sim, { response_format: 'b64_json', size: '1920x1920', n: 2 })).json as SeedreamBody;
    assert.equal(body.data.length, 2);
    for (const d of body.data) {
      assert.equal(d.url, undefined);
      assert.deepEqual(checkPng(Buffer.from(d.b64_json ?? '', 'base64')), { width: 1920, height: 1920 });
    }
    assert.equal(sim.downloadRequests().length, 0);
    assertError(await seedream(sim, { response_format: 'png' }), 400, 'invalid_request');
  });

  test('Wan: n defaults to 4, one choice per image, URLs serve PNGs', async () => {
    const a = await wan(sim, {});
    assert.equal(a.status, 200, a.text);
    const body = a.json as WanBody;
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'wan2.7-image');
    assert.equal(body.choices.length, 4);
    const urls = body.choices.map((c, i) => {
      assert.equal(c.index, i);
      assert.equal(c.finish_reason, 'stop');
      assert.equal(c.message.role, 'assistant');
      assert.equal(c.message.content.length, 1);
      assert.equal(c.message.content[0]?.type, 'image');
      return c.message.content[0]?.image ?? '';
    });
    assert.equal(new Set(urls).size, 4);
    assert.deepEqual(checkPng((await download(urls[3] ?? '')).body), { width: 2048, height: 2048 });
    assert.ok(body.usage.total_tokens < 1000);
    const sized = (await wan(sim, { n: 1, size: '1280*720' })).json as WanBody;
    assert.equal(sized.choices.length, 1);
    assert.deepEqual(pngSize((await download(sized.choices[0]?.message.content[0]?.image ?? '')).body), {
      width: 1280,
      height: 720,
    });
  });

  test('Wan: base64 accounts get data URLs; string content is rejected', async () => {
    sim.setFaults({ wanImageFormat: 'base64' });
    const body = (await wan(sim, { n: 2, size: '800x600' })).json as WanBody;
    assert.equal(body.choices.length, 2);
    const image = body.choices[1]?.message.content[0]?.image ?? '';
    assert.ok(image.startsWith('data:image/png;base64,'));
    assert.deepEqual(checkPng(Buffer.from(image.slice('data:image/png;base64,'.length), 'base64')), {
      width: 800,
      height: 600,
    });
    const bad = await wan(sim, { messages: [{ role: 'user', content: 'a red panda' }] });
    const err = assertError(bad, 400, 'invalid_parameter_error');
    assert.equal(err.message, 'Input should be a valid list: messages[*].content');
    assertError(
      await wan(sim, { messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] }),
      400,
      'invalid_parameter_error',
    );
    assertError(await wan(sim, { n: 0 }), 400, 'invalid_parameter_error');
  });

  test('Gemini: a text part then an inline PNG sized from aspectRatio and imageSize', async () => {
    const a = await gemini(sim, { aspectRatio: '16:9', imageSize: '2K' });
    assert.equal(a.status, 200, a.text);
    const body = a.json as GeminiBody;
    const candidate = body.candidates[0];
    assert.equal(candidate?.finishReason, 'STOP');
    assert.equal(candidate.content.role, 'model');
    assert.equal(candidate.content.parts[0]?.text, 'Here is your image.');
    const inline = candidate.content.parts[1]?.inlineData;
    assert.equal(inline?.mimeType, 'image/png');
    assert.deepEqual(checkPng(Buffer.from(inline.data, 'base64')), { width: 2048, height: 1152 });
    assert.ok(body.usageMetadata);

    const v1 = (await gemini(sim, {}, { prefix: '/v1' })).json as GeminiBody;
    assert.deepEqual(pngSize(Buffer.from(v1.candidates[0]?.content.parts[1]?.inlineData?.data ?? '', 'base64')), {
      width: 1024,
      height: 1024,
    });
    const tall = (await gemini(sim, { aspectRatio: '9:16', imageSize: '1K' })).json as GeminiBody;
    assert.deepEqual(pngSize(Buffer.from(tall.candidates[0]?.content.parts[1]?.inlineData?.data ?? '', 'base64')), {
      width: 576,
      height: 1024,
    });
    assert.equal(sim.generationRequests().length, 3);
  });

  test('Gemini rejects unknown aspect ratios and image sizes', async () => {
    assertError(await gemini(sim, { aspectRatio: '7:3' }), 400, 'INVALID_ARGUMENT');
    assertError(await gemini(sim, { imageSize: '8K' }), 400, 'INVALID_ARGUMENT');
  });

  test('status faults are consumed one per generation request, on any route, in order', async () => {
    sim.setFaults({ generation: [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 429 }] });
    assertError(await seedream(sim, {}), 500, 'internal_error');
    assertError(await wan(sim, {}), 502, 'bad_gateway');
    assertError(await gemini(sim, {}), 503, 'service_unavailable');
    const limited = await seedream(sim, {});
    assertError(limited, 429, 'rate_limit_exceeded', 'rate_limit_error');
    assert.equal(limited.headers.get('retry-after'), null);
    assert.equal((await seedream(sim, {})).status, 200);
    assert.equal(sim.faults.generation.length, 0);
  });

  test('429 carries Retry-After; 401/403/404/422 faults take a code', async () => {
    sim.setFaults({
      generation: [
        { status: 429, retryAfter: 7 },
        { status: 401 },
        { status: 403, code: 'insufficient_quota' },
        { status: 404 },
        { status: 422, code: 'content_policy_violation' },
      ],
    });
    const limited = await seedream(sim, {});
    assertError(limited, 429, 'rate_limit_exceeded', 'rate_limit_error');
    assert.equal(limited.headers.get('retry-after'), '7');
    assertError(await seedream(sim, {}), 401, 'invalid_api_key', 'authentication_error');
    assertError(await seedream(sim, {}), 403, 'insufficient_quota');
    assertError(await seedream(sim, {}), 404, 'model_not_found', 'openai_error');
    assertError(await seedream(sim, {}), 422, 'content_policy_violation');
  });

  test('rawBody and json faults answer verbatim', async () => {
    sim.setFaults({
      generation: [
        { rawBody: '<html>502 Bad Gateway</html>', status: 502 },
        { rawBody: '{"data": [', contentType: 'application/json' },
        { json: { data: [] } },
      ],
    });
    const html = await seedream(sim, {});
    assert.equal(html.status, 502);
    assert.equal(html.text, '<html>502 Bad Gateway</html>');
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    const cut = await seedream(sim, {});
    assert.equal(cut.status, 200);
    assert.equal(cut.headers.get('content-type'), 'application/json');
    assert.equal(cut.text, '{"data": [');
    const empty = await seedream(sim, {});
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json, { data: [] });
  });

  test('latency delays generation without blocking downloads', async () => {
    const url = await oneUrl(sim);
    sim.setFaults({ latencyMs: 300 });
    let generationDone = false;
    const started = performance.now();
    const slow = seedream(sim, {}).then((a) => {
      generationDone = true;
      return a;
    });
    const { res } = await download(url);
    assert.equal(res.status, 200);
    assert.equal(generationDone, false, 'the download finished while the generation was still delayed');
    assert.equal((await slow).status, 200);
    assert.ok(performance.now() - started >= 290);
  });

  test('download faults: status, html, redirect, oversize', async () => {
    const url = await oneUrl(sim);
    sim.setFaults({
      download: [
        { kind: 'status', status: 500 },
        { kind: 'html' },
        { kind: 'redirect', location: 'file:///etc/passwd' },
        { kind: 'oversize', bytes: 3_000_000 },
      ],
    });
    const failed = await download(url);
    assert.equal(failed.res.status, 500);
    assert.match(failed.body.toString(), /<Code>InternalError<\/Code>/);
    const html = await download(url);
    assert.equal(html.res.status, 200);
    assert.equal(html.res.headers.get('content-type'), 'image/png');
    assert.match(html.body.toString(), /^<!DOCTYPE html>/);
    assert.equal(pngSize(html.body), undefined);
    const moved = await fetch(url, { redirect: 'manual' });
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get('location'), 'file:///etc/passwd');
    await moved.body?.cancel();
    const big = await download(url);
    assert.equal(big.res.headers.get('content-length'), '3000000');
    assert.equal(big.body.length, 3_000_000);
    assert.deepEqual(pngSize(big.body), { width: 8192, height: 8192 });
    assert.deepEqual(pngSize((await download(url)).body), { width: 1920, height: 1920 });
  });

  test('download faults: truncate promises the full length and drops the connection', async () => {
    const url = await oneUrl(sim);
    const full = (await download(url)).body;
    sim.setFaults({ download: [{ kind: 'truncate', afterBytes: 1000 }] });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(full.length));
    await assert.rejects(res.arrayBuffer());
    assert.ok((await download(url)).body.equals(full));
  });

  test('download faults: slow trickles the real image; latency and downloadLatencyMs wait first', async () => {
    const url = await oneUrl(sim);
    const full = (await download(url)).body;
    sim.setFaults({
      download: [
        { kind: 'slow', bytesPerSecond: full.length * 4 },
        { kind: 'latency', ms: 150 },
      ],
    });
    let started = performance.now();
    const res = await fetch(url);
    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body ?? []) chunks.push(chunk as Uint8Array);
    // Five writes 50 ms apart: at least four ticks, however the reads are split.
    assert.ok(performance.now() - started >= 190, `${performance.now() - started} ms`);
    assert.ok(chunks.length >= 2);
    assert.ok(Buffer.concat(chunks).equals(full));

    started = performance.now();
    assert.ok((await download(url)).body.equals(full));
    assert.ok(performance.now() - started >= 140);

    sim.setFaults({ downloadLatencyMs: 120 });
    started = performance.now();
    assert.equal((await download(url)).res.status, 200);
    assert.ok(performance.now() - started >= 110);
  });

  test('unknown images answer 404, a tampered expiry 403', async () => {
    const url = await oneUrl(sim);
    const missing = await download(`${sim.cdnOrigin}/images/img_404_deadbeef.png?expires=1`);
    assert.equal(missing.res.status, 404);
    assert.match(missing.body.toString(), /NoSuchKey/);
    const tampered = await download(url.replace(/expires=\d+/, 'expires=99999999999999'));
    assert.equal(tampered.res.status, 403);
    assert.match(tampered.body.toString(), /AccessDenied/);
  });

  test('HTTP control routes set faults, read the log and reset, without auth', async () => {
    const set = await call(
      `${sim.apiOrigin}/__sim/faults`,
      { generation: [{ status: 503 }], wanImageFormat: 'base64' },
      { key: null },
    );
    assert.equal(set.status, 200, set.text);
    assert.equal(sim.faults.wanImageFormat, 'base64');
    assertError(await seedream(sim, {}), 503, 'service_unavailable');
    assertError(await call(`${sim.apiOrigin}/__sim/faults`, { latencyMs: -1 }, { key: null }), 400, 'invalid_request');
    assertError(await call(`${sim.apiOrigin}/__sim/faults`, { latency: 5 }, { key: null }), 400, 'invalid_request');

    const log = await call(`${sim.apiOrigin}/__sim/requests`, undefined, { key: null, method: 'GET' });
    const entries = log.json as SimRequest[];
    assert.equal(entries.length, 1, 'control requests are not logged');
    assert.equal(entries[0]?.path, '/v1/images/generations');
    assert.equal(entries[0]?.headers['authorization'], 'Bearer sk-sim-test');
    assert.deepEqual(entries[0]?.body, { model: SEEDREAM, prompt: 'a red panda', size: '2048x2048' });

    assert.equal((await call(`${sim.apiOrigin}/__sim/reset`, {}, { key: null })).status, 200);
    assert.equal(sim.faults.wanImageFormat, 'url');
    assert.equal(sim.requests.length, 0);
  });
});

describe('simulator lifecycle', () => {
  test('an injected clock expires URLs without sleeping', async () => {
    let clock = 1_800_000_000_000;
    const sim = await startSimulator({ now: () => clock, urlTtlMs: 60_000, extras: ALL_EXTRAS });
    try {
      const a = await seedream(sim, { size: '1920x1920' });
      assert.equal((a.json as SeedreamBody).created, 1_800_000_000);
      const url = (a.json as SeedreamBody).data[0]?.url ?? '';
      assert.ok(url.endsWith(`expires=${clock + 60_000}`));
      clock += 60_000;
      assert.equal((await download(url)).res.status, 200);
      clock += 1;
      const expired = await download(url);
      assert.equal(expired.res.status, 403);
      assert.match(expired.body.toString(), /<Code>AccessDenied<\/Code>.*expired/);
    } finally {
      await sim.close();
    }
  });

  test('a client disconnect cancels the latency timer', async () => {
    const baseline = await settledHandles();
    const controller = new AbortController();
    let gone: (info: SimResponseInfo) => void = () => undefined;
    const closed = new Promise<SimResponseInfo>((resolve) => {
      gone = resolve;
    });
    const sim = await startSimulator({
      latencyMs: 60_000,
      onRequest: () => controller.abort(),
      onResponse: (info) => gone(info),
    });
    try {
      await assert.rejects(call(`${sim.baseUrl}/images/generations`, {}, { signal: controller.signal }));
      const info = await closed;
      assert.equal(info.aborted, true);
      assert.deepEqual(
        sessionHandles().filter((h) => h === 'Timeout'),
        baseline.filter((h) => h === 'Timeout'),
      );
    } finally {
      await sim.close();
    }
  });

  test('close() ends hung, delayed and trickling requests and leaves no servers or timers', async () => {
    const baseline = await settledHandles();
    let arrived = 0;
    let allArrived: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    const sim = await startSimulator({
      download: [
        { kind: 'slow', bytesPerSecond: 10 },
        { kind: 'latency', ms: 60_000 },
      ],
      onRequest: () => {
        if (++arrived === 4) allArrived();
      },
    });
    const url = await oneUrl(sim);
    sim.setFaults({ generation: [{ hang: true }] });
    // Outcomes are captured at once: these reject during close(), before any assert is attached.
    const outcome = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => 'answered',
        (err: unknown) => err,
      );
    const hung = outcome(seedream(sim, {}));
    const trickle = outcome(fetch(url).then((r) => r.arrayBuffer()));
    const delayed = outcome(fetch(url).then((r) => r.arrayBuffer()));
    await ready;
    assert.ok(sessionHandles().length > baseline.length);
    const started = performance.now();
    await sim.close();
    assert.ok(performance.now() - started < 1000);
    for (const p of [hung, trickle, delayed]) assert.ok((await p) instanceof Error);
    assert.deepEqual(await settledHandles(), baseline);
    await sim.close();
  });

  test('the standalone runner prints its contract line, logs requests and stops on SIGTERM', async () => {
    const runner = spawn(process.execPath, [path.join(__dirname, '..', 'simulator', 'main.js')], {
      env: { ...process.env, AISA_SIM_PORT: '0', AISA_SIM_LATENCY_MS: '0', AISA_SIM_KEY: 'sk-runner' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
    try {
      const lines = createInterface({ input: runner.stdout })[Symbol.asyncIterator]();
      const first = (await lines.next()).value as string;
      const m = /^AIsa simulator listening: base URL (http:\/\/127\.0\.0\.1:\d+\/v1) {2}key (sk-runner)$/.exec(first);
      assert.ok(m?.[1], first);
      const sim = { baseUrl: m[1] } as Simulator;
      const a = await seedream(sim, { size: '1920x1920' }, { key: 'sk-runner' });
      assert.equal(a.status, 200, a.text);
      assert.match((await lines.next()).value as string, /^POST \/v1\/images\/generations 200 \d+ms$/);
      runner.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (runner.exitCode === null) runner.kill('SIGKILL');
    }
  });
});
