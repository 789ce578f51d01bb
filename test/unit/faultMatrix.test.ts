// The fault matrix: every way the API, the image host or the disk can fail, run through the whole
// pipeline (generateAndSave, as the CLI and the extension call it) against the simulator. Each row
// asserts the outcome, how many generation requests (paid) the simulator saw, how many downloads,
// and exactly what is on disk: only complete images, never a partial or temporary file.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientOptions } from '../../src/core/client';
import type { DownloadOptions } from '../../src/core/download';
import { AisaError, type ErrorKind } from '../../src/core/errors';
import { generateAndSave, type GenerationOutcome } from '../../src/core/generate';
import { inspectImage } from '../../src/core/imageType';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';
import { startSimulator, type Simulator } from '../simulator/server';
import type { SimFaults } from '../simulator/types';
import { clientFor, closedPort, filesIn, nextRequest, recordingSleep, tempDir } from './helpers';

const hooks = { listeners: [] as Array<(server: string) => void> };
let sim: Simulator;
before(async () => {
  sim = await startSimulator({ onRequest: (r) => [...hooks.listeners].forEach((l) => l(r.server)) });
});
after(() => sim.close());
beforeEach(() => sim.reset());

const SIZE = { width: 1920, height: 1920 };

interface Row {
  name: string;
  faults?: Partial<SimFaults>;
  n?: number;
  client?: Partial<ClientOptions>;
  download?: Omit<DownloadOptions, 'signal' | 'sleep'>;
  /** Abort when the first request reaches this server. */
  cancelOn?: 'api' | 'cdn';
  /** The output folder sits below a regular file, so it can never be created. */
  unwritable?: boolean;
  /** Base URL at a port where nothing listens. */
  refused?: boolean;
  /** Thrown before any image exists: its kind and message. */
  throws?: [ErrorKind, RegExp];
  /** Otherwise: images saved, and images paid for but not saved (with their error kind and message). */
  saved?: number;
  unsaved?: [number, ErrorKind, RegExp];
  generations: number;
  downloads: number;
}

const rows: Row[] = [
  {
    name: '429 with Retry-After, then success',
    faults: { generation: [{ status: 429, retryAfter: 1 }] },
    saved: 1,
    generations: 2,
    downloads: 1,
  },
  {
    name: '429 until the retries run out',
    faults: { generation: [1, 2, 3].map(() => ({ status: 429 as const, retryAfter: 1 })) },
    throws: ['rate_limit', /wait 1 s/],
    generations: 3,
    downloads: 0,
  },
  {
    name: '500: not retried, it may have been billed',
    faults: { generation: [{ status: 500 }] },
    throws: ['server_error', /billed/],
    generations: 1,
    downloads: 0,
  },
  {
    name: '502 then 503: retried with backoff, then success',
    faults: { generation: [{ status: 502 }, { status: 503 }] },
    saved: 1,
    generations: 3,
    downloads: 1,
  },
  {
    name: '502 three times: the upstream is down',
    faults: { generation: [{ status: 502 }, { status: 502 }, { status: 502 }] },
    throws: ['upstream_down', /./],
    generations: 3,
    downloads: 0,
  },
  {
    name: 'connection refused',
    refused: true,
    throws: ['network', /connection refused/],
    generations: 0,
    downloads: 0,
  },
  {
    name: 'request timeout: not retried',
    faults: { generation: [{ hang: true }] },
    client: { timeoutMs: 300 },
    throws: ['timeout', /billed/],
    generations: 1,
    downloads: 0,
  },
  {
    name: 'a body that is not JSON',
    faults: { generation: [{ rawBody: '<html>gateway</html>' }] },
    throws: ['bad_response', /not JSON/],
    generations: 1,
    downloads: 0,
  },
  {
    name: 'JSON that does not match the schema',
    faults: { generation: [{ json: { data: [{ url: 42 }] } }] },
    throws: ['bad_response', /data\[0\]\.url/],
    generations: 1,
    downloads: 0,
  },
  {
    name: 'an empty data list',
    faults: { generation: [{ json: { data: [] } }] },
    throws: ['bad_response', /without any image/],
    generations: 1,
    downloads: 0,
  },
  // A 403 from the image host is an expired link: not retried, the image is kept as pending.
  {
    name: 'an expired image URL (403)',
    faults: { download: [{ kind: 'status', status: 403 }] },
    unsaved: [1, 'download', /expired/],
    generations: 1,
    downloads: 1,
  },
  {
    name: 'a download cut short once: retried, saved whole',
    faults: { download: [{ kind: 'truncate', afterBytes: 4000 }] },
    saved: 1,
    generations: 1,
    downloads: 2,
  },
  {
    name: 'a download cut short every time: no partial file',
    faults: { download: [1, 2, 3].map(() => ({ kind: 'truncate' as const, afterBytes: 4000 })) },
    unsaved: [1, 'download', /after 3 attempts/],
    generations: 1,
    downloads: 3,
  },
  {
    name: 'HTML served as image/png',
    faults: { download: [{ kind: 'html' }] },
    unsaved: [1, 'download', /not a PNG, JPEG or WebP|did not return/],
    generations: 1,
    downloads: 1,
  },
  {
    name: 'a body over the byte cap',
    faults: { download: [{ kind: 'oversize', bytes: 3 * 1024 * 1024 }] },
    download: { maxBytes: 1024 * 1024 },
    unsaved: [1, 'download', /limit/],
    generations: 1,
    downloads: 1,
  },
  {
    name: 'a redirect to a non-http(s) scheme',
    faults: { download: [{ kind: 'redirect', location: 'file:///etc/passwd' }] },
    unsaved: [1, 'download', /only http and https/],
    generations: 1,
    downloads: 1,
  },
  {
    name: 'one download of three failing: the other two saved',
    n: 3,
    faults: { download: [{ kind: 'status', status: 403 }] },
    saved: 2,
    unsaved: [1, 'download', /expired/],
    generations: 1,
    downloads: 3,
  },
  {
    name: 'cancel during the request',
    faults: { generation: [{ hang: true }] },
    cancelOn: 'api',
    throws: ['cancelled', /Cancelled/],
    generations: 1,
    downloads: 0,
  },
  {
    name: 'cancel during the downloads: paid images kept as pending',
    faults: { downloadLatencyMs: 60_000 },
    cancelOn: 'cdn',
    unsaved: [1, 'cancelled', /Cancelled/],
    generations: 1,
    downloads: 1,
  },
  {
    name: 'the output folder cannot be written',
    unwritable: true,
    unsaved: [1, 'save', /./],
    generations: 1,
    downloads: 1,
  },
];

describe('fault matrix: outcome, paid requests and files on disk', () => {
  for (const row of rows) {
    test(row.name, async () => {
      if (row.faults) sim.setFaults(row.faults);
      const root = await tempDir();
      let outDir = path.join(root, 'assets');
      if (row.unwritable) {
        await writeFile(path.join(root, 'blocker'), 'a file, not a folder');
        outDir = path.join(root, 'blocker', 'assets');
      }
      const baseUrl = row.refused ? `http://127.0.0.1:${await closedPort()}/v1` : sim.baseUrl;
      const controller = new AbortController();
      if (row.cancelOn) void nextRequest(hooks, row.cancelOn).then(() => controller.abort());
      const { sleep } = recordingSleep();
      const run = generateAndSave(
        validateRequest({ prompt: row.name, n: row.n ?? 1, size: `${SIZE.width}x${SIZE.height}` }),
        {
          client: clientFor(sim, { baseUrl, sleep, random: () => 0, ...row.client }),
          fs: nodeFileSystem,
          outDir,
          signal: controller.signal,
          download: { sleep, ...row.download },
        },
      );

      let outcome: GenerationOutcome | undefined;
      if (row.throws) {
        const [kind, message] = row.throws;
        await assert.rejects(run, (e: unknown) => e instanceof AisaError && e.kind === kind && message.test(e.message));
      } else {
        outcome = await run;
        assert.equal(outcome.saved.length, row.saved ?? 0, 'images saved');
        const [count, kind, message] = row.unsaved ?? [0, 'download', /./];
        assert.equal(outcome.unsaved.length, count, 'images paid for and not saved');
        for (const u of outcome.unsaved) {
          assert.equal(u.error.kind, kind, u.error.message);
          assert.match(u.error.message, message);
          assert.equal(u.image.kind, 'url', 'a pending image keeps its link, to be fetched again');
        }
      }
      assert.equal(sim.generationRequests().length, row.generations, 'generation requests');
      assert.equal(sim.downloadRequests().length, row.downloads, 'downloads');

      const onDisk = row.unwritable ? await filesIn(root) : await filesIn(outDir);
      const expected = row.unwritable ? ['blocker'] : (outcome?.saved ?? []).map((s) => path.basename(s.path)).sort();
      assert.deepEqual(onDisk, expected, 'exactly the saved images: no partial or temporary file');
      for (const name of row.unwritable ? [] : onDisk) {
        const info = inspectImage(await readFile(path.join(outDir, name)));
        assert.deepEqual(
          [info?.mime, info?.width, info?.height],
          ['image/png', SIZE.width, SIZE.height],
          `${name} is a whole image`,
        );
      }
    });
  }
});
