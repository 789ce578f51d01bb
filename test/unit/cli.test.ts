import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { inspectImage } from '../../src/core/imageType';
import { GENERATION_KEYWORD, readPngText } from '../../src/core/pngText';
import { startSimulator, type GenerationFault, type Simulator } from '../simulator/server';
import { assertCliBuilt, CLI, runBuiltCli, type CliRun } from './cliRunner';
import { filesIn, tempDir } from './helpers';
import { encodePng } from '../simulator/png';

const KEY = 'sk-sim-cli-secret-0123456789';
let sim: Simulator;

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runBuiltCli(args, KEY, sim.baseUrl, env);

before(async () => {
  assertCliBuilt();
  sim = await startSimulator({ apiKey: KEY });
});
after(() => sim.close());
beforeEach(() => sim.reset());

describe('aisa-image generate', () => {
  test('saves the image and prints its path; exit 0', async () => {
    const r = await cli(['generate', '--prompt', 'a red panda']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^assets\/a-red-panda-\d{8}-\d{6}\.png$/);
    const info = inspectImage(await readFile(path.join(r.cwd, lines[0] ?? '')));
    assert.deepEqual([info?.width, info?.height], [2048, 2048]);
    assert.deepEqual(sim.generationRequests()[0]?.body, {
      model: 'seedream-4-5-251128',
      prompt: 'a red panda',
      n: 1,
      size: '2048x2048',
    });
  });

  test("the saved PNG records the prompt, model and request id, as the extension's do", async () => {
    const r = await cli(['generate', '--prompt', 'a lighthouse at dusk']);
    assert.equal(r.code, 0, r.stderr);
    const text = readPngText(await readFile(path.join(r.cwd, r.stdout.trim())));
    assert.ok(
      text.some((t) => t.keyword === 'Description' && t.text === 'a lighthouse at dusk'),
      JSON.stringify(text),
    );
    const generation = JSON.parse(text.find((t) => t.keyword === GENERATION_KEYWORD)?.text ?? '{}');
    assert.equal(generation.model, 'seedream-4-5-251128');
  });

  test('--json prints one object with images, usage and cost', async () => {
    const r = await cli(['generate', '--prompt', 'p', '--n', '2', '--size', '2560x1440', '--out', 'img/out', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['model', 'created', 'images', 'usage', 'costUsd']);
    assert.equal(j.model, 'seedream-4-5-251128');
    assert.equal(typeof j.created, 'number');
    assert.equal(j.costUsd, 0.08);
    assert.equal(j.usage.generated_images, 2);
    assert.equal(j.images.length, 2);
    for (const img of j.images) {
      assert.deepEqual(Object.keys(img), ['path', 'size', 'bytes', 'mime']);
      assert.match(img.path, /^img\/out\/p-\d{8}-\d{6}-[12]\.png$/);
      assert.equal(img.size, '2560x1440');
      assert.equal(img.mime, 'image/png');
      assert.equal(img.bytes, (await readFile(path.join(r.cwd, img.path))).length);
    }
  });

  test('--base-url wins over AISA_BASE_URL', async () => {
    const r = await cli(['generate', '--prompt', 'p', '--base-url', sim.baseUrl], {
      AISA_BASE_URL: 'https://example.invalid/v1',
    });
    assert.equal(r.code, 0, r.stderr);
  });

  const badInput: Array<[string, string[], Record<string, string | undefined>, RegExp]> = [
    ['size below the minimum', ['--prompt', 'p', '--size', '1024x1024'], {}, /minimum is 3,686,400.*1920x1920/],
    ['malformed size', ['--prompt', 'p', '--size', '1024'], {}, /WIDTHxHEIGHT/],
    ['size over the maximum', ['--prompt', 'p', '--size', '8192x8192'], {}, /maximum is 16,777,216/],
    ['n of 0', ['--prompt', 'p', '--n', '0'], {}, /1 to 10/],
    ['n not a number', ['--prompt', 'p', '--n', 'two'], {}, /whole number/],
    [
      'n negative',
      ['--prompt', 'p', '--n', '-1'],
      {},
      /^aisa-image: --n must be a whole number from 1 to 10, not "-1"\.\n$/,
    ],
    ['empty prompt', ['--prompt', '  '], {}, /prompt is empty/],
    ['missing prompt', [], {}, /Missing --prompt/],
    ['no key', ['--prompt', 'p'], { AISA_API_KEY: undefined }, /AISA_API_KEY is not set/],
    ['base URL not a URL', ['--prompt', 'p', '--base-url', 'nope'], {}, /not a URL/],
    [
      'plain http to a remote host',
      ['--prompt', 'p', '--base-url', 'http://api.aisa.one/v1'],
      {},
      /Refusing plain http/,
    ],
    ['unknown option', ['--prompt', 'p', '--colour', 'red'], {}, /Unknown option '--colour'/],
    ['unknown model', ['--prompt', 'p', '--model', 'dall-e-3'], {}, /Unknown model/],
    [
      'a size the Wan route cannot honour',
      ['--prompt', 'p', '--model', 'wan2.7-image', '--size', '2048x2048'],
      {},
      /no size setting/,
    ],
  ];
  for (const [name, args, env, message] of badInput) {
    test(`bad input, ${name}: exit 2, one clear sentence, nothing sent`, async () => {
      const r = await cli(['generate', ...args], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(sim.requests.length, 0);
    });
  }

  test('unknown command: exit 2', async () => {
    const r = await cli(['make', '--prompt', 'p']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown command "make"/);
  });

  test('--help documents the contract; exit 0', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    for (const flag of [
      '--prompt',
      '--size',
      '--n',
      '--model',
      '--out',
      '--base-url',
      '--json',
      'AISA_API_KEY',
      'AISA_BASE_URL',
      'Exit status',
    ])
      assert.ok(r.stdout.includes(flag), flag);
  });

  const apiErrors: Array<[string, GenerationFault, RegExp]> = [
    [
      '400 InvalidParameter',
      { status: 400, code: 'InvalidParameter', message: 'image size must be at least 3686400 pixels' },
      /too small.*3,686,400/,
    ],
    ['400 invalid_request size', { status: 400, code: 'invalid_request', message: 'malformed size' }, /malformed/],
    ['401', { status: 401, code: 'invalid_api_key' }, /key is missing or was rejected/],
    ['403', { status: 403, code: 'model_not_allowed' }, /not allowed to use seedream/],
    ['404', { status: 404, code: 'model_not_found' }, /does not serve/],
    ['422', { status: 422, code: 'content_policy_violation' }, /content policy/],
    ['500', { status: 500 }, /internal error.*billed/],
  ];
  for (const [name, fault, message] of apiErrors) {
    test(`API error ${name}: exit 1, the sentence and the request id on stderr, no retry`, async () => {
      sim.setFaults({ generation: [fault] });
      const r = await cli(['generate', '--prompt', 'p']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\(request id req_[^)]+\)/);
      assert.equal(sim.generationRequests().length, 1);
      assert.deepEqual(await filesIn(path.join(r.cwd, 'assets')), []);
    });
  }

  test('502 until retries run out: exit 1 after 3 requests, the upstream named as down, with the request id', async () => {
    sim.setFaults({ generation: [{ status: 502 }, { status: 502 }, { status: 502 }] });
    const r = await cli(['generate', '--prompt', 'p']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /provider is unreachable right now \(502\).*\(request id req_[^)]+\)/);
    assert.equal(sim.generationRequests().length, 3);
    assert.deepEqual(await filesIn(path.join(r.cwd, 'assets')), []);
  });

  test('a prompt that starts with a dash is the prompt, and an empty AISA_BASE_URL means the default', async () => {
    const r = await cli(['generate', '--prompt', '-minimal line art', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((sim.generationRequests()[0]?.body as { prompt?: string }).prompt, '-minimal line art');
    // Not refused as `"" is not a URL`: the default stands in, so the run gets as far as the key.
    const d = await cli(['generate', '--prompt', 'p'], { AISA_BASE_URL: '', AISA_API_KEY: undefined });
    assert.equal(d.code, 2);
    assert.match(d.stderr, /AISA_API_KEY is not set/);
  });

  test('429 until retries run out: exit 1 after 3 requests', async () => {
    sim.setFaults({
      generation: [
        { status: 429, retryAfter: 0 },
        { status: 429, retryAfter: 0 },
        { status: 429, retryAfter: 0 },
      ],
    });
    const r = await cli(['generate', '--prompt', 'p']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Rate limit/);
    assert.equal(sim.generationRequests().length, 3);
  });

  test('a download that fails: exit 1, the paid image listed with its link, no partial file', async () => {
    sim.setFaults({ download: [{ kind: 'html' }] });
    const r = await cli(['generate', '--prompt', 'p', '--n', '2']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'the image that did arrive is printed');
    // The spec's links say nothing of their expiry: about a day after creation is assumed, and said so.
    assert.match(
      r.stderr,
      /image \d of 2 was generated but not saved: .*short-lived link works for a limited time \(about a day, until around \d{4}-\d\d-\d\dT[\d:.]+Z\): http:\/\/127\.0\.0\.1/,
    );
    assert.equal((await filesIn(path.join(r.cwd, 'assets'))).length, 1);
  });

  test('an output folder that cannot be written: exit 1, every paid image listed with its link and expiry, no file', async () => {
    // Links that say when they expire (`?expires=`, not in the spec): the expiry is read from them.
    const expiring = await startSimulator({ apiKey: KEY, extras: { expiresInLinks: true } });
    after(() => expiring.close());
    const root = await tempDir();
    // A folder name over 255 bytes: unwritable even for root, unlike a chmod, and not a file (that exits 2 before any request).
    const blocker = 'b'.repeat(300);
    const r = await runBuiltCli(
      ['generate', '--prompt', 'p', '--n', '2', '--out', path.join(root, blocker, 'assets'), '--json'],
      KEY,
      expiring.baseUrl,
    );
    assert.equal(r.code, 1);
    assert.equal(expiring.generationRequests().length, 1, 'one paid request, not retried');
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.images, []);
    assert.equal(j.costUsd, 0.08);
    assert.equal(j.unsaved.length, 2);
    for (const u of j.unsaved) {
      assert.match(u.url, /^http:\/\/127\.0\.0\.1:\d+\/images\/.*expires=/);
      assert.ok(Date.parse(u.expiresAt) > Date.now(), u.expiresAt);
      assert.equal(u.expiryKnown, true);
      assert.equal(u.keptAt, null);
    }
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => /was generated but not saved: .*ENAMETOOLONG.*link works until/.test(l)).length,
      2,
      r.stderr,
    );
    assert.deepEqual(await readdir(root), []);
  });

  test('inline images that cannot be saved are kept in the temp folder, and the CLI says where', async () => {
    const root = await tempDir();
    const tmp = await tempDir();
    const png = encodePng(1920, 1920);
    sim.setFaults({
      generation: [
        {
          json: {
            created: 1_790_000_000,
            data: [{ b64_json: png.toString('base64') }],
            usage: { generated_images: 1 },
          },
        },
      ],
    });
    const r = await cli(['generate', '--prompt', 'inline panda', '--out', path.join(root, 'b'.repeat(300), 'x')], {
      TMPDIR: tmp,
    });
    assert.equal(r.code, 1);
    // Per user, readable by nobody else: the folder 0700, the files 0600.
    const kept = path.join(tmp, `aisa-image-unsaved-${process.getuid?.() ?? ''}`);
    assert.equal((await stat(kept)).mode & 0o777, 0o700);
    const files = await filesIn(kept);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^inline-panda-\d{8}-\d{6}\.png$/);
    assert.deepEqual(await readFile(path.join(kept, files[0] ?? '')), png);
    assert.equal((await stat(path.join(kept, files[0] ?? ''))).mode & 0o777, 0o600);
    assert.ok(r.stderr.includes(`It was kept at ${path.join(kept, files[0] ?? '')}`), r.stderr);
  });

  test('--out naming an existing file: exit 2 before any request', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'taken.png'), 'a file');
    for (const out of [path.join(root, 'taken.png'), path.join(root, 'taken.png', 'below')]) {
      const r = await cli(['generate', '--prompt', 'p', '--out', out]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /a file, not a folder.*nothing was sent/);
    }
    assert.equal(sim.generationRequests().length, 0);
  });

  test('a key that cannot go in an HTTP header (zero-width space, CR LF): exit 2, nothing sent', async () => {
    for (const key of ['sk-abc\u200bdef', 'sk-abc\r\nX-Evil: 1']) {
      const r = await runBuiltCli(['generate', '--prompt', 'p'], key, sim.baseUrl);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot be sent: set AISA_API_KEY again/);
    }
    assert.equal(sim.generationRequests().length, 0);
  });

  test('Ctrl+C while the paid request is out: it says the images may have been billed', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    const slow = await startSimulator({ apiKey: KEY, latencyMs: 60_000, onRequest: () => child?.kill('SIGINT') });
    try {
      const cwd = await tempDir();
      child = spawn(process.execPath, [CLI, 'generate', '--prompt', 'p'], {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', AISA_API_KEY: KEY, AISA_BASE_URL: slow.baseUrl },
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child?.once('close', resolve));
      assert.equal(code, 1);
      assert.match(
        stderr,
        /Cancelled while the request was with the API: the images may still have been generated and billed/,
      );
      assert.equal(slow.generationRequests().length, 1);
    } finally {
      await slow.close();
    }
  });

  test('a wrong key: exit 1 and the key is not echoed', async () => {
    const r = await cli(['generate', '--prompt', 'p'], { AISA_API_KEY: 'sk-wrong-key-abcdef' });
    assert.equal(r.code, 1);
    assert.ok(!r.stderr.includes('sk-wrong-key-abcdef'));
    assert.ok(sim.downloadRequests().length === 0);
  });
});
