import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInline, downloadImage } from '../../src/core/download';
import { AisaError } from '../../src/core/errors';
import { startSimulator, type Simulator } from '../simulator/server';
import { encodePng } from '../simulator/png';
import { clientFor, nextRequest, recordingSleep } from './helpers';

const hooks = { listeners: [] as Array<(server: string) => void> };
let sim: Simulator;

async function freshUrl(size = '1920x1920'): Promise<string> {
  const r = await clientFor(sim).generate({ model: 'seedream-4-5-251128', prompt: 'p', n: 1, size });
  const image = r.images[0];
  assert.ok(image?.kind === 'url');
  return image.url;
}

const downloadError =
  (re: RegExp) =>
  (e: unknown): boolean =>
    e instanceof AisaError && e.kind === 'download' && re.test(e.message);

before(async () => {
  sim = await startSimulator({ onRequest: (r) => [...hooks.listeners].forEach((l) => l(r.server)) });
});
after(() => sim.close());
beforeEach(() => sim.reset());

describe('downloadImage', () => {
  test('fetches a real PNG of the requested size, with no Authorization header', async () => {
    const img = await downloadImage(await freshUrl('2560x1440'));
    assert.equal(img.info.mime, 'image/png');
    assert.equal(img.info.ext, 'png');
    assert.deepEqual([img.info.width, img.info.height], [2560, 1440]);
    const [get] = sim.downloadRequests();
    assert.equal(get?.headers['authorization'], undefined);
  });

  test('a download cut short is retried, and succeeds', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'truncate', afterBytes: 1000 }] });
    const { sleep } = recordingSleep();
    const img = await downloadImage(url, { sleep });
    assert.equal(img.info.width, 1920);
    assert.equal(sim.downloadRequests().length, 2);
  });

  test('cut on every attempt: a clear error after 3 attempts', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [1, 2, 3].map(() => ({ kind: 'truncate' as const, afterBytes: 100 })) });
    const { sleep } = recordingSleep();
    await assert.rejects(downloadImage(url, { sleep }), downloadError(/after 3 attempts.*cut short|after 3 attempts/));
    assert.equal(sim.downloadRequests().length, 3);
  });

  test('5xx from the image host is retried', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'status', status: 500 }] });
    const { sleep } = recordingSleep();
    await downloadImage(url, { sleep });
    assert.equal(sim.downloadRequests().length, 2);
  });

  test('an expired link (403) says so, without retrying', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'status', status: 403 }] });
    await assert.rejects(downloadImage(url), downloadError(/expired/));
    assert.equal(sim.downloadRequests().length, 1);
  });

  test('really expired: the simulator clock moves past the TTL', async () => {
    let now = Date.now();
    const local = await startSimulator({ urlTtlMs: 1000, now: () => now });
    try {
      const r = await clientFor(local).generate({ model: 'seedream-4-5-251128', prompt: 'p', n: 1, size: '1920x1920' });
      now += 2000;
      const image = r.images[0];
      assert.ok(image?.kind === 'url');
      await assert.rejects(downloadImage(image.url), downloadError(/expired/));
    } finally {
      await local.close();
    }
  });

  test('HTML served as image/png is refused by its bytes', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'html' }] });
    await assert.rejects(downloadImage(url), downloadError(/not a PNG, JPEG or WebP|did not return/));
  });

  test('a body over the byte cap is refused', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'oversize', bytes: 3 * 1024 * 1024 }] });
    await assert.rejects(downloadImage(url, { maxBytes: 1024 * 1024 }), downloadError(/limit/));
  });

  test('redirects to non-http(s) schemes are refused', async () => {
    for (const location of ['ftp://example.com/x.png', 'file:///etc/passwd']) {
      const url = await freshUrl();
      sim.setFaults({ download: [{ kind: 'redirect', location }] });
      await assert.rejects(downloadImage(url), downloadError(/only http and https/), location);
    }
  });

  test('a redirect to another http URL is followed, still without credentials', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'redirect', location: url }] });
    const img = await downloadImage(url);
    assert.equal(img.info.mime, 'image/png');
    assert.equal(sim.downloadRequests().length, 2);
    assert.ok(sim.downloadRequests().every((r) => r.headers['authorization'] === undefined));
  });

  test('cancel during a download aborts it', async () => {
    const url = await freshUrl();
    sim.setFaults({ download: [{ kind: 'slow', bytesPerSecond: 10_000 }] });
    const controller = new AbortController();
    const arrived = nextRequest(hooks, 'cdn');
    const pending = downloadImage(url, { signal: controller.signal });
    await arrived;
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof AisaError && e.kind === 'cancelled');
  });

  test('non-http links from the API are refused', async () => {
    await assert.rejects(downloadImage('javascript:alert(1)'), downloadError(/only http and https/));
  });
});

describe('decodeInline', () => {
  test('accepts base64 and data: URLs of real images', () => {
    const png = encodePng(64, 32);
    assert.deepEqual(
      [
        decodeInline(png.toString('base64')).info.width,
        decodeInline(`data:image/png;base64,${png.toString('base64')}`).info.height,
      ],
      [64, 32],
    );
  });
  test('refuses data that is not an image', () => {
    assert.throws(() => decodeInline(Buffer.from('<html>').toString('base64')), downloadError(/not a PNG/));
  });
});
