import * as assert from 'node:assert/strict';
import type { ApiKeyStore } from '../../src/features/apiKey';

/** The simulator runs in the test runner's process; the extension host reaches it over HTTP. */
export const SIM_API = process.env['AISA_TEST_SIM_API'] ?? '';
export const SIM_KEY = process.env['AISA_TEST_SIM_KEY'] ?? '';
export const EVIL_API = process.env['AISA_TEST_EVIL_API'] ?? '';

/** For a GenerationService of the test's own: always the simulator's key, never a prompt. */
export const simKeyStore = { get: async () => SIM_KEY, ensure: async () => SIM_KEY } as unknown as ApiKeyStore;

export interface LoggedRequest {
  server: 'api' | 'cdn';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export async function simRequests(origin = SIM_API): Promise<LoggedRequest[]> {
  const res = await fetch(`${origin}/__sim/requests`);
  return (await res.json()) as LoggedRequest[];
}

/** How the simulator's responses ended; `aborted` when the client hung up first (a cancel). */
export async function simResponses(
  origin = SIM_API,
): Promise<Array<{ server: 'api' | 'cdn'; method: string; path: string; aborted: boolean }>> {
  const res = await fetch(`${origin}/__sim/responses`);
  return (await res.json()) as Array<{ server: 'api' | 'cdn'; method: string; path: string; aborted: boolean }>;
}

export const generations = async (origin = SIM_API): Promise<LoggedRequest[]> =>
  (await simRequests(origin)).filter((r) => r.server === 'api' && r.method === 'POST');

export async function setFaults(faults: unknown, origin = SIM_API): Promise<void> {
  const res = await fetch(`${origin}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  assert.equal(res.status, 200, await res.text());
}

export async function resetSim(origin = SIM_API): Promise<void> {
  await fetch(`${origin}/__sim/reset`, { method: 'POST' });
}

/** Waits for a condition the test cannot be told about directly, with a bounded deadline. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The spec's per-key rate limits on the simulator (null: off), and what they refused. */
export async function setRateLimit(
  limit: { requestsPerMinute: number; concurrent: number } | null,
  origin = SIM_API,
): Promise<void> {
  const res = await fetch(`${origin}/__sim/rate-limit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(limit),
  });
  assert.equal(res.status, 200, await res.text());
}

export async function rateStats(origin = SIM_API): Promise<{ maxInFlight: number; limited: number }> {
  return (await (await fetch(`${origin}/__sim/rate-stats`)).json()) as { maxInFlight: number; limited: number };
}
