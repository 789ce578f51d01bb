// A hostile or broken API and image host: nothing it sends reaches a terminal raw, the key it
// quotes back is redacted, its answers are capped, and a cut image is never taken for a whole one.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyProblem } from '../../src/core/apiKey';
import { AisaClient } from '../../src/core/client';
import { downloadImage } from '../../src/core/download';
import { AisaError, describeError } from '../../src/core/errors';
import { generateAndSave } from '../../src/core/generate';
import { linkExpiry } from '../../src/core/linkExpiry';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';
import { safeText } from '../../src/core/safeText';
import { encodePng } from '../simulator/png';
import { startSimulator, type Simulator } from '../simulator/server';
import { clientFor, filesIn, recordingSleep, tempDir } from './helpers';

const KEY = 'sk-hostile-0123456789abcdef';
let sim: Simulator;
before(async () => {
  sim = await startSimulator({ apiKey: KEY });
});
after(() => sim.close());
beforeEach(() => sim.reset());

const req = { model: 'seedream-4-5-251128', prompt: 'a red panda', n: 1, size: '2048x2048' };
/** Anything that could drive a terminal: C0/C1 controls, DEL, bidi and zero-width characters. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const FORGED =
  '\x1b]0;owned\x07\x1b[2J\x1b[1A\r\nsaved assets/ok.png\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\u202e';

async function failure(call: Promise<unknown>): Promise<AisaError> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof AisaError, String(e));
    return e;
  }
  throw new Error('expected a failure');
}

const seedreamAnswer = (data: unknown[], extra: Record<string, unknown> = {}): unknown => ({
  model: req.model,
  created: 1_800_000_000,
  data,
  usage: { generated_images: data.length },
  ...extra,
});

describe('text from the API is one safe line, capped, without the key', () => {
  test('an error message and request id full of escape sequences are stripped before they reach any sink', async () => {
    sim.setFaults({
      generation: [
        {
          json: { error: { type: 'x', code: 'bad\x1b[31m', message: `nope ${FORGED}`, request_id: `req_1${FORGED}` } },
          status: 400,
        },
      ],
    });
    const e = await failure(clientFor(sim).generate(req));
    for (const text of [e.message, e.apiMessage ?? '', e.requestId ?? '', e.code ?? '', describeError(e)]) {
      assert.doesNotMatch(text, UNSAFE, JSON.stringify(text));
    }
    assert.match(describeError(e), /^The API rejected the request: nope .*saved assets\/ok\.png.*\(request id req_1/);
  });

  test('a long error message is cut to a few hundred characters; a 1 MB one is not even read whole', async () => {
    sim.setFaults({
      generation: [
        { json: { error: { message: 'x'.repeat(60_000) } }, status: 400 },
        { json: { error: { message: 'x'.repeat(1_000_000) } }, status: 400 },
      ],
    });
    const long = await failure(clientFor(sim).generate(req));
    assert.ok(long.message.length < 400, `${long.message.length} characters`);
    assert.match(long.message, /xxx…\.$/);
    const huge = await failure(clientFor(sim).generate(req));
    assert.equal(huge.message, 'The API rejected the request.');
  });

  test('a gateway quoting the Authorization header back: the key is redacted from the message and the request id', async () => {
    sim.setFaults({
      generation: [
        {
          json: { error: { message: `bad header Authorization: Bearer ${KEY}`, request_id: `id-${KEY}` } },
          status: 400,
        },
      ],
    });
    const e = await failure(new AisaClient({ baseUrl: sim.baseUrl, apiKey: KEY }).generate(req));
    assert.ok(!describeError(e).includes(KEY));
    assert.match(e.message, /Bearer \[redacted\]/);
    // Split by control characters, the key is still found once they are gone.
    assert.equal(safeText(`k=${KEY.slice(0, 6)}\x1b[0m${KEY.slice(6)}`, { secrets: [KEY] }), 'k=[redacted]');
  });

  test("Gemini's text, the model name and the links are made safe at the source", async () => {
    const png = encodePng(64, 64).toString('base64');
    sim.setFaults({
      generation: [
        {
          json: {
            modelVersion: `gem${FORGED}`,
            candidates: [
              {
                content: {
                  parts: [{ text: `Here ${FORGED} key ${KEY}` }, { inlineData: { mimeType: 'image/png', data: png } }],
                },
              },
            ],
          },
        },
      ],
    });
    const result = await clientFor(sim).generate({
      model: 'gemini-3-pro-image-preview',
      prompt: 'p',
      n: 1,
      size: '1:1@1K',
    });
    assert.doesNotMatch(result.text ?? '', UNSAFE);
    assert.ok(!(result.text ?? '').includes(KEY));
    assert.doesNotMatch(result.model, UNSAFE);

    sim.setFaults({ generation: [{ json: seedreamAnswer([{ url: `${sim.cdnOrigin}/images/a.png?x=${FORGED}` }]) }] });
    const linked = await clientFor(sim).generate(req);
    const image = linked.images[0];
    assert.ok(image?.kind === 'url');
    assert.doesNotMatch(image.url, UNSAFE, image.url);
  });
});

describe('the answer is capped', () => {
  test('200 links for n = 1: one image is fetched and saved, and the cost is one image', async () => {
    const first = await clientFor(sim).generate(req);
    const link = first.images[0]?.kind === 'url' ? first.images[0].url : '';
    sim.reset();
    sim.setFaults({ generation: [{ json: seedreamAnswer(Array.from({ length: 200 }, () => ({ url: link }))) }] });
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest(req), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
    });
    assert.equal(outcome.result.images.length, 1);
    assert.equal(outcome.saved.length, 1);
    assert.equal(sim.downloadRequests().length, 1);
    assert.equal(outcome.costUsd, 0.04);
    assert.equal((await filesIn(dir)).length, 1);
  });

  test('the same link twice for n = 2 is saved once', async () => {
    const first = await clientFor(sim).generate(req);
    const link = first.images[0]?.kind === 'url' ? first.images[0].url : '';
    sim.reset();
    sim.setFaults({ generation: [{ json: seedreamAnswer([{ url: link }, { url: link }]) }] });
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest({ ...req, n: 2 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
    });
    assert.equal(outcome.saved.length, 1);
    assert.deepEqual(outcome.unsaved, []);
    assert.equal((await filesIn(dir)).length, 1);
  });

  test('an answer over the body cap is not read whole: a billed bad_response', async () => {
    sim.setFaults({
      generation: [{ rawBody: `{"data":[{"url":"${'x'.repeat(3 * 1024 * 1024)}"}]}`, contentType: 'application/json' }],
    });
    const e = await failure(clientFor(sim, { maxAnswerBytes: 1024 * 1024 }).generate(req));
    assert.equal(e.kind, 'bad_response');
    assert.ok(e.mayHaveBilled);
    assert.match(e.message, /over the 1 MB/);
    assert.equal(sim.generationRequests().length, 1);
  });

  test('an error answer over its cap is cut, and the status still decides', async () => {
    sim.setFaults({ generation: [{ rawBody: 'y'.repeat(2 * 1024 * 1024), status: 403, contentType: 'text/html' }] });
    const e = await failure(clientFor(sim).generate(req));
    assert.equal(e.kind, 'model_not_allowed');
  });
});

describe('transport failures are named for what they are', () => {
  test('an API 3xx is reported as a redirect that was not followed, not as a network failure', async () => {
    sim.setFaults({
      generation: [{ json: {}, status: 301, headers: { location: 'https://elsewhere.example/v1/images/generations' } }],
    });
    const e = await failure(clientFor(sim).generate(req));
    assert.equal(e.kind, 'http');
    assert.equal(e.status, 301);
    assert.match(e.message, /redirect \(HTTP 301 to elsewhere\.example\).*not followed/);
    assert.equal(sim.generationRequests().length, 1);
  });

  test('a TLS failure is one sentence, not an OpenSSL dump', async () => {
    // https to a plain-http port: the handshake fails.
    const e = await failure(
      new AisaClient({ baseUrl: sim.baseUrl.replace('http:', 'https:'), apiKey: KEY, maxRetries: 0 }).generate(req),
    );
    assert.equal(e.kind, 'network');
    assert.doesNotMatch(e.message, /\n|routines|error:0/);
    assert.match(e.message, /^Could not reach 127\.0\.0\.1:\d+ \(TLS handshake failed\)/);
  });

  test('a key that cannot go in an HTTP header is refused before any request', async () => {
    for (const key of ['sk-abc\u200bdef', 'sk-abc\r\nX-Evil: 1', 'sk abc', 'sk-é']) {
      assert.match(apiKeyProblem(key) ?? '', /cannot be sent/, JSON.stringify(key));
      assert.throws(
        () => new AisaClient({ baseUrl: sim.baseUrl, apiKey: key }),
        (e: unknown) => e instanceof AisaError && e.kind === 'invalid_key',
      );
    }
    assert.equal(apiKeyProblem(` ${KEY} `), undefined);
    assert.equal(sim.generationRequests().length, 0);
  });

  test('429 quota_exceeded (a spend cap) is not retried', async () => {
    sim.setFaults({
      generation: [{ status: 429, code: 'quota_exceeded', message: 'spend cap reached', retryAfter: 0 }],
    });
    const { sleep, waits } = recordingSleep();
    const e = await failure(clientFor(sim, { sleep }).generate(req));
    assert.match(e.message, /spend cap/);
    assert.deepEqual(waits, []);
    assert.equal(sim.generationRequests().length, 1);
  });

  test('an out-of-range expiry or created time never throws; the CLI report keeps its dates', () => {
    for (const [url, created] of [
      ['https://c/x.png?expires=99999999999999999999', 0],
      ['https://c/x.png?expires=9999999999999999', 0],
      ['https://c/x.png', 1e300],
      ['https://c/x.png', NaN],
    ] as const) {
      const e = linkExpiry(url, created);
      assert.ok(Number.isFinite(e.at));
      assert.doesNotThrow(() => new Date(e.at).toISOString());
    }
  });
});

describe('downloads: a cut image is never saved as a whole one', () => {
  test('cut short with no Content-Length (connection closed): retried, then saved whole', async () => {
    const first = await clientFor(sim).generate(req);
    const url = first.images[0]?.kind === 'url' ? first.images[0].url : '';
    sim.setFaults({ download: [{ kind: 'truncate-unframed', afterBytes: 5000 }] });
    const { sleep } = recordingSleep();
    const got = await downloadImage(url, { sleep });
    assert.equal(sim.downloadRequests().length, 2);
    assert.deepEqual([got.info.width, got.info.height], [2048, 2048]);
  });

  test('cut short with no Content-Length every time: not saved, kept as unsaved with its link', async () => {
    sim.setFaults({
      download: Array.from({ length: 3 }, () => ({ kind: 'truncate-unframed' as const, afterBytes: 5000 })),
    });
    const dir = await tempDir();
    const { sleep } = recordingSleep();
    const outcome = await generateAndSave(validateRequest(req), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      download: { sleep },
    });
    assert.equal(outcome.saved.length, 0);
    assert.equal(outcome.unsaved.length, 1);
    assert.match(outcome.unsaved[0]?.error.message ?? '', /ends early/);
    assert.deepEqual(await filesIn(dir), []);
  });

  test('a CDN that gzips when asked: the client asks for identity and saves the image', async () => {
    const first = await clientFor(sim).generate(req);
    const url = first.images[0]?.kind === 'url' ? first.images[0].url : '';
    sim.setFaults({ download: [{ kind: 'gzip' }] });
    const got = await downloadImage(url);
    assert.equal(got.info.width, 2048);
    assert.equal(sim.downloadRequests()[0]?.headers['accept-encoding'], 'identity');
  });

  test('a CDN that gzips anyway: the decompressed bytes are not compared with the compressed length', async () => {
    const first = await clientFor(sim).generate(req);
    const url = first.images[0]?.kind === 'url' ? first.images[0].url : '';
    sim.setFaults({ download: [{ kind: 'gzip', always: true }] });
    const got = await downloadImage(url);
    assert.equal(got.info.width, 2048);
    assert.equal(sim.downloadRequests().length, 1);
  });
});
