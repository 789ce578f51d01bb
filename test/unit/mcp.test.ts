import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectImage } from '../../src/core/imageType';
import { readPngText } from '../../src/core/pngText';
import { startSimulator, type SimResponseInfo, type Simulator } from '../simulator/server';
import { assertCliBuilt, runBuiltCli } from './cliRunner';
import { filesIn, nextRequest, tempDir } from './helpers';
import { cliServer, openSession, textOf, type McpSession } from './mcpSession';

const KEY = 'sk-sim-mcp-secret-0123456789';
const hooks = { listeners: [] as Array<(server: string) => void> };
const closedConnections: Array<(info: SimResponseInfo) => void> = [];
let sim: Simulator;

/** Resolves when the simulator sees a response of `server` end with its connection cut (the client went away). */
function nextAbortedResponse(server: 'api' | 'cdn'): Promise<void> {
  return new Promise((resolve) => {
    const l = (info: SimResponseInfo): void => {
      if (info.server !== server || !info.aborted) return;
      closedConnections.splice(closedConnections.indexOf(l), 1);
      resolve();
    };
    closedConnections.push(l);
  });
}

before(async () => {
  assertCliBuilt();
  sim = await startSimulator({
    apiKey: KEY,
    // A request id on successes (an extra the spec does not promise) to see it carried to the agent.
    extras: { requestIdHeader: true },
    onRequest: (r) => [...hooks.listeners].forEach((l) => l(r.server)),
    onResponse: (info) => [...closedConnections].forEach((l) => l(info)),
  });
});
after(() => sim.close());
beforeEach(() => sim.reset());
// A test that fails half-way still ends its server, or the run would never exit.
const sessions: McpSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.client.close()));
});

async function session(root: string, env: Record<string, string | undefined> = {}): Promise<McpSession> {
  const s = await openSession(cliServer(root, { AISA_API_KEY: KEY, AISA_BASE_URL: sim.baseUrl, ...env }), KEY);
  sessions.push(s);
  return s;
}

/** Every file below `dir`, relative, sorted: temporary `.part` files included. */
async function tree(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
    (d) => d.isFile() || d.isSymbolicLink(),
  );
  return all.map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();
}

describe('aisa-image mcp', () => {
  test('lists generate_image with its input and output schemas', async () => {
    const s = await session(await tempDir('aisa-mcp-'));
    const { tools } = await s.client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      ['generate_image'],
    );
    const tool = tools[0];
    assert.deepEqual(Object.keys(tool?.inputSchema.properties ?? {}), [
      'prompt',
      'path',
      'size',
      'n',
      'model',
      'aspectRatio',
      'format',
      'width',
      'height',
      'alt',
      'outDir',
    ]);
    assert.deepEqual(tool?.inputSchema.required, ['prompt']);
    assert.deepEqual(Object.keys(tool?.outputSchema?.properties ?? {}), ['files', 'cost', 'requestId', 'unsaved']);
    assert.match(tool?.description ?? '', /\$0\.040 an image/);
    await s.close();
  });

  test('generate_image saves the files, links each one, reports progress, and returns {files, cost, requestId}', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root);
    const progress: Array<{ progress: number; message?: string | undefined }> = [];
    const r = await s.call(
      { prompt: 'a lighthouse at dawn', n: 2, size: '2560x1440' },
      { onprogress: (p) => progress.push(p) },
    );
    assert.equal(r.isError, undefined, textOf(r));
    const saved = await filesIn(path.join(root, 'assets'));
    assert.equal(saved.length, 2);
    const links = r.content.filter((c) => c.type === 'resource_link');
    assert.equal(links.length, 2);
    for (const link of links) {
      assert.equal(link.mimeType, 'image/png');
      const file = fileURLToPath(link.uri);
      assert.equal(path.dirname(file), path.join(root, 'assets'));
      const bytes = await readFile(file);
      assert.equal(link.size, bytes.length);
      assert.deepEqual([inspectImage(bytes)?.width, inspectImage(bytes)?.height], [2560, 1440]);
      // The same pipeline as the extension: the generation is recorded in the PNG.
      assert.equal(readPngText(bytes).find((t) => t.keyword === 'Description')?.text, 'a lighthouse at dawn');
      assert.equal(link.name, `assets/${path.basename(file)}`);
    }
    const sc = r.structuredContent as {
      files: Array<{ path: string; markdown: string; html: string }>;
      cost: number;
      requestId: string;
    };
    assert.deepEqual(
      sc.files.map((f) => f.path).sort(),
      saved.map((f) => `assets/${f}`),
    );
    assert.equal(sc.cost, 0.08);
    assert.match(sc.requestId, /^req_/);
    const text = textOf(r);
    for (const f of sc.files) {
      assert.ok(text.includes(f.path) && text.includes(f.markdown) && text.includes(f.html), text);
    }
    assert.match(text, /\$0\.080/);
    assert.ok(text.includes(sc.requestId));
    assert.match(text, /2560x1440/);
    // What the server wrote, in order: every progress notification goes out before the result.
    // (The SDK's client hands notifications over a microtask later than the response, so the last
    // ones can miss the call's onprogress when they arrive in the same read: count them on the wire.)
    const wire = s.messages.map(
      (m) =>
        JSON.parse(m) as {
          method?: string;
          params?: { progress: number; message?: string };
          result?: { structuredContent?: unknown };
        },
    );
    const resultAt = wire.findIndex((m) => m.result?.structuredContent !== undefined);
    const sent = wire
      .slice(0, resultAt)
      .filter((m) => m.method === 'notifications/progress')
      .map((m) => m.params);
    assert.deepEqual(
      sent.map((p) => p?.message?.replace(/assets\/.*/, 'assets/…')),
      ['Generating 2 images', 'Downloading 2 images', 'Saved assets/…', 'Saved assets/…'],
    );
    assert.ok(
      sent.every((p, i) => i === 0 || (p?.progress ?? 0) > (sent[i - 1]?.progress ?? 0)),
      'progress only rises',
    );
    assert.ok(progress.length >= 2 && progress[0]?.message === 'Generating 2 images', 'the client saw the progress');
    assert.equal(sim.generationRequests().length, 1);
    await s.close();
  });

  test('path: the image is saved exactly there, and a second call for the same path is refused before anything is sent', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root);
    const r = await s.call({ prompt: 'hero', path: 'public/img/hero.png', alt: 'A lighthouse' });
    assert.equal(r.isError, undefined, textOf(r));
    assert.deepEqual(await tree(root), ['public/img/hero.png']);
    assert.match(textOf(r), /!\[A lighthouse\]\(public\/img\/hero\.png\)/);
    assert.match(textOf(r), /<img src="public\/img\/hero\.png" alt="A lighthouse">/);
    const before = await readFile(path.join(root, 'public/img/hero.png'));
    const again = await s.call({ prompt: 'another hero', path: 'public/img/hero.png' });
    assert.equal(again.isError, true);
    assert.match(textOf(again), /hero\.png already exists .* never overwritten, so nothing was generated\./);
    assert.equal(sim.generationRequests().length, 1);
    assert.deepEqual(await readFile(path.join(root, 'public/img/hero.png')), before);
    await s.close();
  });

  test('cancel during the request: the connection is dropped, nothing is saved, and the server goes on serving', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root);
    sim.setFaults({ generation: [{ hang: true }] });
    const controller = new AbortController();
    const call = s.call({ prompt: 'p' }, { signal: controller.signal });
    await nextRequest(hooks, 'api');
    const dropped = nextAbortedResponse('api');
    controller.abort();
    await assert.rejects(call);
    await dropped;
    assert.deepEqual(await tree(root), []);
    const r = await s.call({ prompt: 'p' });
    assert.equal(r.isError, undefined, textOf(r));
    assert.equal((await tree(root)).length, 1);
    await s.close();
    assert.match(s.stderr(), /cancelled by the client/);
  });

  test('cancel during the download: no partial file, and the paid image is logged with its link', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root);
    sim.setFaults({ download: [{ kind: 'slow', bytesPerSecond: 4096 }] });
    const controller = new AbortController();
    const call = s.call({ prompt: 'p' }, { signal: controller.signal });
    await nextRequest(hooks, 'cdn');
    const dropped = nextAbortedResponse('cdn');
    controller.abort();
    await assert.rejects(call);
    await dropped;
    assert.deepEqual(await tree(root), []);
    await s.close();
    assert.match(s.stderr(), /paid but not saved: .*link http:\/\/127\.0\.0\.1:\d+\//);
  });

  const badInput: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a size below the minimum', { prompt: 'p', size: '1024x1024' }, /minimum is 3,686,400.*1920x1920/],
    ['a Gemini-style ratio for Seedream', { prompt: 'p', size: '16:9' }, /WIDTHxHEIGHT in pixels.*2560x1440/],
    ['a size for Wan', { prompt: 'p', model: 'wan2.7-image', size: '2048x2048' }, /no size setting/],
    ['n of 0', { prompt: 'p', n: 0 }, /1 to 10/],
    ['n of 11', { prompt: 'p', n: 11 }, /1 to 10/],
    ['n not a number', { prompt: 'p', n: 'two' }, /^n must be a whole number from 1 to 10, not "two"\.$/],
    ['two Gemini images', { prompt: 'p', model: 'gemini-3-pro-image-preview', n: 2 }, /one image per request/],
    ['an empty prompt', { prompt: '  ' }, /prompt is empty/],
    ['no prompt', { size: '2048x2048' }, /^prompt is missing/],
    ['an unknown model', { prompt: 'p', model: 'dall-e-3' }, /Unknown model "dall-e-3"/],
    ['an unknown argument', { prompt: 'p', style: 'watercolour' }, /^Unknown argument "style"/],
    ['an aspect ratio the model does not offer', { prompt: 'p', aspectRatio: '5:1' }, /aspectRatio 5:1 is not offered/],
    [
      'a format that contradicts the path',
      { prompt: 'p', path: 'public/hero.png', format: 'webp' },
      /does not match path/,
    ],
    [
      'a path to a .gif',
      { prompt: 'p', path: 'public/hero.gif' },
      /must end in \.png, \.jpg, \.jpeg or \.webp \(not \.gif\)/,
    ],
    [
      'a path and two images',
      { prompt: 'p', path: 'public/hero.png', n: 2 },
      /Only one image can be saved as hero\.png/,
    ],
    ['a path naming a folder', { prompt: 'p', path: 'public/' }, /names no file/],
    ['a path that climbs out of the root', { prompt: 'p', path: '../hero.png' }, /leads outside the root/],
    ['an absolute path', { prompt: 'p', path: '/tmp/hero.png' }, /must be relative to the root/],
    [
      'an outDir that climbs out of the root',
      { prompt: 'p', outDir: 'assets/../../x' },
      /outDir "assets\/\.\.\/\.\.\/x" leads outside the root/,
    ],
  ];
  test('bad input: an isError result of one sentence each, and not one request sent', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root);
    for (const [name, args, message] of badInput) {
      const r = await s.call(args);
      assert.equal(r.isError, true, name);
      const text = textOf(r);
      assert.match(text, message, name);
      assert.ok(!text.includes('\n') && /[.)]$/.test(text), `${name}: one sentence, not ${JSON.stringify(text)}`);
      assert.equal(r.content.length, 1, name);
    }
    assert.equal(sim.requests.length, 0);
    assert.deepEqual(await tree(root), []);
    await s.close();
  });

  test('a folder that is a symbolic link out of the root is refused, with zero requests', async () => {
    const root = await tempDir('aisa-mcp-');
    const outside = await tempDir('aisa-mcp-outside-');
    await symlink(outside, path.join(root, 'public'));
    await mkdir(path.join(root, '..assets'));
    const s = await session(root);
    for (const args of [
      { prompt: 'p', path: 'public/hero.png' },
      { prompt: 'p', outDir: 'public/img' },
    ]) {
      const r = await s.call(args);
      assert.equal(r.isError, true);
      assert.match(textOf(r), /symbolic link to .*outside the root/);
    }
    assert.equal(sim.requests.length, 0);
    assert.deepEqual(await readdir(outside), []);
    // A name that merely starts with two dots is inside the root.
    const ok = await s.call({ prompt: 'p', outDir: '..assets' });
    assert.equal(ok.isError, undefined, textOf(ok));
    assert.equal((await readdir(path.join(root, '..assets'))).length, 1);
    await s.close();
  });

  test('no key: one sentence, nothing sent; an unexpanded ${AISA_API_KEY} placeholder counts as no key', async () => {
    const root = await tempDir('aisa-mcp-');
    for (const key of [undefined, '${AISA_API_KEY}']) {
      const s = await session(root, { AISA_API_KEY: key });
      const r = await s.call({ prompt: 'p' });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /^AISA_API_KEY is not set: /);
      await s.close();
    }
    assert.equal(sim.requests.length, 0);
  });

  test('an API error comes back as one sentence with the request id, and the key is in no message', async () => {
    const root = await tempDir('aisa-mcp-');
    const s = await session(root, { AISA_API_KEY: `${KEY}-wrong` });
    const r = await s.call({ prompt: 'p' });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /key.*\(request id req_/i);
    await s.close();
    assert.equal(sim.generationRequests().length, 1);
  });

  test('an image paid for but not saved is kept inside the root, and the result says where (isError)', async () => {
    const root = await tempDir('aisa-mcp-');
    await writeFile(path.join(root, 'assets'), 'a file where the folder should be');
    sim.setFaults({ wanImageFormat: 'base64' });
    const s = await session(root);
    const r = await s.call({ prompt: 'p', model: 'wan2.7-image' });
    assert.equal(r.isError, true);
    const sc = r.structuredContent as { files: unknown[]; unsaved: Array<{ keptAt: string | null; error: string }> };
    assert.deepEqual(sc.files, []);
    assert.equal(sc.unsaved.length, 1);
    const kept = sc.unsaved[0]?.keptAt ?? '';
    assert.equal(path.dirname(kept), path.join(root, '.aisa-image-unsaved'));
    assert.ok(inspectImage(await readFile(kept)), 'the kept file is the image');
    assert.match(textOf(r), /^Not saved: image 1 of 1 was generated but not saved: .* It was kept at /m);
    assert.equal(r.content.filter((c) => c.type === 'resource_link').length, 0);
    await s.close();
  });

  test('the mcp command itself: a generation flag, a missing root, or --root given to generate is exit 2 with one sentence', async () => {
    for (const [args, message] of [
      [['mcp', '--n', '2'], /^aisa-image: --n is not an option of "aisa-image mcp"/],
      [
        ['mcp', '--root', '/nonexistent/aisa'],
        /^aisa-image: The root \/nonexistent\/aisa does not exist: pass --root an existing folder\.\n$/,
      ],
      [['generate', '--prompt', 'p', '--root', '.'], /^aisa-image: --root is for "aisa-image mcp"/],
    ] as const) {
      const r = await runBuiltCli([...args], KEY, sim.baseUrl);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(sim.requests.length, 0);
  });
});
