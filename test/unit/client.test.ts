import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaClient } from '../../src/core/client';
import { AisaError } from '../../src/core/errors';
import { startSimulator, type Simulator } from '../simulator/server';
import { encodePng } from '../simulator/png';
import { clientFor, closedPort, nextRequest, recordingSleep } from './helpers';

const req = { model: 'seedream-4-5-251128', prompt: 'a red panda', n: 1, size: '2048x2048' };
const hooks = { listeners: [] as Array<(server: string) => void> };
let sim: Simulator;

const isError =
  (kind: string, extra?: (e: AisaError) => boolean) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof AisaError, `expected AisaError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return extra ? extra(e) : true;
  };

before(async () => {
  sim = await startSimulator({ onRequest: (r) => [...hooks.listeners].forEach((l) => l(r.server)) });
});
after(() => sim.close());
beforeEach(() => sim.reset());

/** Runs `f` against a simulator with every behaviour beyond the spec on (x-request-id, ?expires=, undocumented limits). */
async function withExtras<T>(f: (s: Simulator) => Promise<T>): Promise<T> {
  const s = await startSimulator({ extras: { requestIdHeader: true, expiresInLinks: true, undocumentedLimits: true } });
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

describe('AisaClient against the simulator', () => {
  test('with an x-request-id header on every answer (beyond the spec), a success carries its request id', async () => {
    const result = await withExtras((s) => clientFor(s).generate({ ...req, n: 2 }));
    assert.match(result.requestId ?? '', /^req_sim_[0-9a-f]{16}$/);
    assert.equal(result.images.length, 2);
  });

  test('sends the documented request with the Bearer key and returns the images', async () => {
    const result = await clientFor(sim).generate({ ...req, n: 3 });
    assert.equal(result.images.length, 3);
    assert.ok(result.images.every((i) => i.kind === 'url'));
    assert.equal(result.usage?.['generated_images'], 3);
    // The spec puts request_id only in error bodies: a success has none unless a header brings one.
    assert.equal(result.requestId, undefined);
    const [sent] = sim.generationRequests();
    assert.equal(sent?.path, '/v1/images/generations');
    assert.equal(sent?.headers['authorization'], `Bearer ${sim.apiKey}`);
    assert.deepEqual(sent?.body, { model: req.model, prompt: req.prompt, n: 3, size: '2048x2048' });
  });

  test('429 with Retry-After is retried after that wait, then succeeds', async () => {
    sim.setFaults({ generation: [{ status: 429, retryAfter: 2 }] });
    const { sleep, waits } = recordingSleep();
    const result = await clientFor(sim, { sleep }).generate(req);
    assert.equal(result.images.length, 1);
    assert.deepEqual(waits, [2000]);
    assert.equal(sim.generationRequests().length, 2);
  });

  test('429 until retries run out: 3 requests, then a rate-limit error', async () => {
    sim.setFaults({
      generation: [
        { status: 429, retryAfter: 1 },
        { status: 429, retryAfter: 1 },
        { status: 429, retryAfter: 1 },
        { status: 429, retryAfter: 1 },
      ],
    });
    const { sleep, waits } = recordingSleep();
    await assert.rejects(
      clientFor(sim, { sleep }).generate(req),
      isError('rate_limit', (e) => /wait 1 s/.test(e.message) && !!e.requestId),
    );
    assert.equal(sim.generationRequests().length, 3);
    assert.deepEqual(waits, [1000, 1000]);
  });

  test('a Retry-After longer than the cap is reported, not waited out', async () => {
    sim.setFaults({ generation: [{ status: 429, retryAfter: 600 }] });
    const { sleep, waits } = recordingSleep();
    await assert.rejects(
      clientFor(sim, { sleep }).generate(req),
      isError('rate_limit', (e) => /600 s/.test(e.message)),
    );
    assert.equal(sim.generationRequests().length, 1);
    assert.deepEqual(waits, []);
  });

  test('502 and 503 are retried with growing, jittered backoff', async () => {
    sim.setFaults({ generation: [{ status: 502 }, { status: 503 }] });
    const { sleep, waits } = recordingSleep();
    await clientFor(sim, { sleep, random: () => 1 }).generate(req);
    assert.equal(sim.generationRequests().length, 3);
    assert.deepEqual(waits, [1000, 2000]);
    sim.reset();
    sim.setFaults({ generation: [{ status: 502 }, { status: 502 }, { status: 502 }] });
    const low = recordingSleep();
    await assert.rejects(clientFor(sim, { sleep: low.sleep, random: () => 0 }).generate(req), isError('upstream_down'));
    assert.deepEqual(low.waits, [500, 1000]);
    assert.equal(sim.generationRequests().length, 3);
  });

  test('500 is never retried: it may have been billed, and the message says so with the request id', async () => {
    sim.setFaults({ generation: [{ status: 500 }] });
    await assert.rejects(
      clientFor(sim).generate(req),
      isError('server_error', (e) => e.mayHaveBilled && /billed/.test(e.message) && /^req_/.test(e.requestId ?? '')),
    );
    assert.equal(sim.generationRequests().length, 1);
  });

  const table: Array<[string, () => Promise<unknown>, string, RegExp]> = [
    [
      'size below the minimum (sent anyway)',
      () => clientFor(sim).generate({ ...req, size: '1024x1024' }),
      'size_too_small',
      /3,686,400/,
    ],
    [
      'size above the maximum (sent anyway, to a server with the undocumented limits)',
      () => withExtras((s) => clientFor(s).generate({ ...req, size: '8192x8192' })),
      'invalid_size',
      /too large.*at most 16,777,216/,
    ],
    [
      'malformed size (sent anyway)',
      () => clientFor(sim).generate({ ...req, size: '1024' }),
      'invalid_size',
      /WIDTHxHEIGHT/,
    ],
    [
      'invalid key',
      () => new AisaClient({ baseUrl: sim.baseUrl, apiKey: 'sk-wrong' }).generate(req),
      'invalid_key',
      /key/,
    ],
    ['content policy', () => clientFor(sim).generate({ ...req, prompt: 'x [policy]' }), 'content_policy', /Rephrase/],
    [
      'wrong route (a base URL that does not serve the route)',
      () => new AisaClient({ baseUrl: `${sim.apiOrigin}/v9`, apiKey: sim.apiKey }).generate(req),
      'wrong_route',
      /does not serve/,
    ],
  ];
  for (const [name, call, kind, message] of table) {
    test(`${name}: ${kind}, not retried`, async () => {
      await assert.rejects(
        call(),
        isError(kind, (e) => message.test(e.message)),
      );
      assert.ok(sim.generationRequests().length <= 1);
    });
  }

  test('403 model_not_allowed names the model', async () => {
    sim.setFaults({ forbiddenModels: [req.model] });
    await assert.rejects(
      clientFor(sim).generate(req),
      isError('model_not_allowed', (e) => e.message.includes(req.model) && e.status === 403),
    );
  });

  test('a body that is not JSON, JSON of the wrong shape and an empty data list are clear errors, not retried', async () => {
    sim.setFaults({ generation: [{ rawBody: '<html>gateway</html>', contentType: 'text/html' }] });
    await assert.rejects(
      clientFor(sim).generate(req),
      isError('bad_response', (e) => /not JSON/.test(e.message)),
    );
    sim.setFaults({ generation: [{ json: { data: [{ url: 42 }] } }] });
    await assert.rejects(
      clientFor(sim).generate(req),
      isError('bad_response', (e) => /data\[0\]\.url/.test(e.message)),
    );
    sim.setFaults({ generation: [{ json: { data: [] } }] });
    await assert.rejects(
      clientFor(sim).generate(req),
      isError('bad_response', (e) => /without any image/.test(e.message)),
    );
    assert.equal(sim.generationRequests().length, 3);
  });

  test('null fields and nested usage details do not cost the paid images', async () => {
    const b64 = encodePng(1920, 1920).toString('base64');
    sim.setFaults({
      generation: [
        {
          json: {
            model: null,
            created: 7,
            data: [{ url: null, b64_json: b64, size: null }],
            usage: { generated_images: 1, input_tokens_details: { text: 5 } },
          },
        },
      ],
    });
    const result = await clientFor(sim).generate(req);
    assert.deepEqual(result.images, [{ kind: 'inline', base64: b64 }]);
    assert.deepEqual(result.usage, { generated_images: 1 });
    assert.equal(result.model, req.model);
  });

  test('a request that never answers times out once, without a retry', async () => {
    sim.setFaults({ generation: [{ hang: true }] });
    await assert.rejects(
      clientFor(sim, { timeoutMs: 300 }).generate(req),
      isError('timeout', (e) => e.mayHaveBilled && /billed/.test(e.message)),
    );
    assert.equal(sim.generationRequests().length, 1);
  });

  test('cancel during the request aborts it', async () => {
    sim.setFaults({ generation: [{ hang: true }] });
    const controller = new AbortController();
    const arrived = nextRequest(hooks, 'api');
    const pending = clientFor(sim).generate(req, controller.signal);
    await arrived;
    controller.abort();
    await assert.rejects(pending, isError('cancelled'));
  });

  test('connection refused is retried twice with backoff (nothing was sent), then a network error naming the host', async () => {
    const port = await closedPort();
    const { sleep, waits } = recordingSleep();
    await assert.rejects(
      new AisaClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', sleep, random: () => 0 }).generate(req),
      isError(
        'network',
        (e) => /connection refused/.test(e.message) && e.message.includes(`127.0.0.1:${port}`) && !e.mayHaveBilled,
      ),
    );
    assert.deepEqual(waits, [500, 1000]);
  });

  test('a server that refuses, then comes up during the backoff: the retry reaches it and succeeds', async () => {
    const port = await closedPort();
    let late: Simulator | undefined;
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      late ??= await startSimulator({ port, apiKey: sim.apiKey });
    };
    try {
      const result = await new AisaClient({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        apiKey: sim.apiKey,
        sleep,
      }).generate(req);
      assert.equal(result.images.length, 1);
      assert.equal(waits.length, 1);
      assert.equal(late?.generationRequests().length, 1, 'one request, the one that was not refused');
    } finally {
      await late?.close();
    }
  });

  test('a Wan request carrying a pixel size is refused before any request: its route has no size', async () => {
    await assert.rejects(
      clientFor(sim).generate({ ...req, model: 'wan2.7-image' }),
      isError('input', (e) => /no size setting/.test(e.message)),
    );
    assert.equal(sim.generationRequests().length, 0);
  });

  test("a body outside the route's documented shape is never sent, whichever the family (a caller that skipped validateRequest)", async () => {
    const bad: Array<[string, Partial<typeof req>]> = [
      ['n of 0', { n: 0 }],
      ['n of 1.5', { n: 1.5 }],
      ['an empty prompt', { prompt: '' }],
      ['Wan, n of 0', { model: 'wan2.7-image', size: '', n: 0 }],
      ['Gemini, an empty prompt', { model: 'gemini-3-pro-image-preview', size: '16:9@2K', prompt: '' }],
    ];
    for (const [name, change] of bad) {
      await assert.rejects(
        clientFor(sim).generate({ ...req, ...change }),
        isError('input', (e) => /Not sending a malformed request.*nothing was spent/.test(e.message)),
        name,
      );
    }
    assert.equal(sim.requests.length, 0);
  });

  test('an empty key or a plain-http remote base URL is refused before anything is sent', () => {
    assert.throws(() => new AisaClient({ baseUrl: sim.baseUrl, apiKey: ' ' }), isError('invalid_key'));
    assert.throws(() => new AisaClient({ baseUrl: 'http://api.aisa.one/v1', apiKey: 'k' }), isError('input'));
  });
});
