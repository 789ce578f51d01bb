// The simulator keeps to the spec by default: what the spec does not state is an option, off
// unless asked for; the spec's per-key rate limits are a switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server';
import { clientFor, recordingSleep } from './helpers';

const post = (sim: Simulator, body: unknown): Promise<Response> =>
  fetch(`${sim.baseUrl}/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const seedream = { model: 'seedream-4-5-251128', prompt: 'p', size: '2048x2048' };

test('by default: no x-request-id header, links without ?expires= that still download, no undocumented limits', async () => {
  const sim = await startSimulator();
  try {
    const ok = await post(sim, { ...seedream, n: 16, size: '8192x8192' });
    assert.equal(ok.status, 200, 'n = 16 and 67 Mpx are not refused: the spec states no such limit');
    assert.equal(ok.headers.get('x-request-id'), null);
    const body = (await ok.json()) as { data: Array<{ url: string }> };
    assert.equal(body.data.length, 16);
    assert.doesNotMatch(body.data[0]?.url ?? '', /\?/);
    const image = await fetch(body.data[0]?.url ?? '');
    assert.equal(image.status, 200);
    await image.arrayBuffer();
    const bad = await post(sim, { ...seedream, size: '100x100' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-request-id'), null);
    assert.match(
      ((await bad.json()) as { error: { request_id: string } }).error.request_id,
      /^req_sim_/,
      'request_id in the error body, as documented',
    );
  } finally {
    await sim.close();
  }
});

test('with extras on: x-request-id on every answer, ?expires= required by the CDN, n <= 15 and 16.7 Mpx enforced', async () => {
  const sim = await startSimulator({
    extras: { requestIdHeader: true, expiresInLinks: true, undocumentedLimits: true },
  });
  try {
    const ok = await post(sim, seedream);
    assert.match(ok.headers.get('x-request-id') ?? '', /^req_sim_/);
    const url = ((await ok.json()) as { data: Array<{ url: string }> }).data[0]?.url ?? '';
    assert.match(url, /\?expires=\d+$/);
    assert.equal((await fetch(url.replace(/\?.*$/, ''))).status, 403);
    assert.equal((await post(sim, { ...seedream, n: 16 })).status, 400);
    assert.equal((await post(sim, { ...seedream, size: '8192x8192' })).status, 400);
    // The client works against both.
    const result = await clientFor(sim).generate({ ...seedream, n: 1 });
    assert.match(result.requestId ?? '', /^req_sim_/);
  } finally {
    await sim.close();
  }
});

test('rate limits (switch): X-RateLimit-* headers, 429 past the per-minute and concurrency limits, quota_exceeded after the spend cap', async () => {
  let clock = 1_800_000_000_000;
  const sim = await startSimulator({
    now: () => clock,
    latencyMs: 0,
    rateLimit: { requestsPerMinute: 3, concurrent: 2, quotaRequests: 4 },
  });
  try {
    const first = await post(sim, seedream);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit-requests'), '3');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '2');
    assert.match(first.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+s$/);
    await post(sim, seedream);
    await post(sim, seedream);
    const limited = await post(sim, seedream);
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    clock += 61_000;
    assert.equal((await post(sim, seedream)).status, 200, 'the window moved on');
    const capped = await post(sim, seedream);
    assert.equal(capped.status, 429);
    assert.equal(((await capped.json()) as { error: { code: string } }).error.code, 'quota_exceeded');
    assert.equal(capped.headers.get('retry-after'), null);
    // The client: a rate limit is waited out (Retry-After), a spend cap is not.
    const { sleep, waits } = recordingSleep();
    await assert.rejects(clientFor(sim, { sleep }).generate({ ...seedream, n: 1 }), /spend cap/);
    assert.deepEqual(waits, []);
    assert.equal(sim.rateStats.limited, 3);
  } finally {
    await sim.close();
  }
});

test('rate limits (switch): more concurrent requests than allowed get 429 and are retried by the client after Retry-After', async () => {
  const sim = await startSimulator({ latencyMs: 200, rateLimit: { requestsPerMinute: 60, concurrent: 1 } });
  try {
    const { sleep, waits } = recordingSleep();
    const results = await Promise.allSettled([
      clientFor(sim).generate({ ...seedream, n: 1 }),
      clientFor(sim, { sleep }).generate({ ...seedream, n: 1 }),
    ]);
    assert.equal(sim.rateStats.maxInFlight >= 2, true);
    assert.ok(sim.rateStats.limited >= 1);
    assert.ok(results.some((r) => r.status === 'fulfilled'));
    assert.ok(waits.length >= 1 || results.every((r) => r.status === 'fulfilled'));
  } finally {
    await sim.close();
  }
});
