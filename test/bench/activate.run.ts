// One activation, in a fresh process: `node activate.run.js dist/extension.js [--host-builtins]`.
// Loads the bundle with a fake `vscode` module, runs activate(), and prints one JSON line:
// how long require and activate took, what modules they loaded, whether anything reached for
// the network, and what activate registered. The orchestrator (main.ts) runs this many times.
// --host-builtins first loads the Node built-ins that VS Code's extension host has loaded
// before any extension (it uses them itself), so their one-time cost is not charged to us.
// --memory adds the heap, external and RSS bytes alive after full collections at the end; with
// --baseline the extension is not loaded, so the difference is what require + activate keep.
// It loads v8 and vm first, so its timings are not the cold ones.
import Module from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFakeContext, createFakeVscode, vscodeApiNames, type FakeLog } from './fakeVscode';
import { HOST_BUILTINS, type ActivationSample } from './types';

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

async function main(): Promise<void> {
  const bundle = path.resolve(process.argv[2] ?? 'dist/extension.js');
  if (process.argv.includes('--host-builtins')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const m of HOST_BUILTINS) require(`node:${m}`);
  }
  const log: FakeLog = { calls: [], commands: [] };
  const M = Module as unknown as ModuleInternals;

  // The fake vscode: resolved to a path nothing else uses, preloaded into the require cache.
  const fakeId = path.join(path.dirname(bundle), '__fake_vscode__.js');
  const fakeModule = new Module(fakeId);
  let types: string | undefined;
  try {
    types = require.resolve('@types/vscode/index.d.ts', { paths: [process.cwd()] });
  } catch {
    types = undefined;
  }
  fakeModule.exports = createFakeVscode(log, vscodeApiNames(types));
  fakeModule.loaded = true;
  M._cache[fakeId] = fakeModule;
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request, parent, isMain, options) {
    return request === 'vscode' ? fakeId : resolve.call(this, request, parent, isMain, options);
  };

  let phase: 'idle' | 'require' | 'activate' = 'idle';
  const loaded = { require: [] as string[], activate: [] as string[] };
  const load = M._load;
  M._load = function (request, parent, isMain) {
    if (phase !== 'idle') loaded[phase].push(request.replace(/^node:/, ''));
    return load.call(this, request, parent, isMain);
  };
  let sockets = 0;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    sockets++;
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  const context = createFakeContext(path.dirname(bundle), log);
  const gc = process.argv.includes('--memory') ? exposeGc() : undefined;
  const memory = (): NodeJS.MemoryUsage => {
    // RegExp's legacy statics (RegExp.input) keep the last string matched alive: here the
    // 1 MB of @types/vscode that vscodeApiNames read, unless the extension happened to match after.
    /(?:)/.exec('');
    gc?.();
    gc?.();
    return process.memoryUsage();
  };
  // --baseline: the same process and collections without the extension, to subtract.
  const baseline = process.argv.includes('--baseline');
  const before = process.getActiveResourcesInfo();
  const sample: ActivationSample = {
    requireMs: NaN,
    activateMs: NaN,
    totalMs: NaN,
    loadedDuringRequire: loaded.require,
    loadedDuringActivate: loaded.activate,
    sockets: 0,
    commands: log.commands,
    subscriptions: 0,
    pendingAfter: [],
  };
  try {
    if (baseline) throw new Error('--baseline: the extension is not loaded');
    const t0 = performance.now();
    phase = 'require';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(bundle) as { activate(ctx: unknown): unknown };
    const t1 = performance.now();
    phase = 'activate';
    await ext.activate(context);
    const t2 = performance.now();
    phase = 'idle';
    Object.assign(sample, { requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0 });
  } catch (e) {
    sample.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  phase = 'idle';
  if (gc) {
    // Absolute, after full collections; a --baseline run's figures are the ones to subtract (a
    // difference taken within one run is thrown off by V8 flushing old bytecode between the two).
    const m = memory();
    sample.retained = { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
  }
  const after = process.getActiveResourcesInfo();
  for (const r of before) after.splice(after.indexOf(r), 1);
  sample.pendingAfter = after;
  sample.sockets = sockets;
  sample.subscriptions = context.subscriptions.length;
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  // Whatever activate left running (there should be nothing) must not keep this process alive.
  process.exit(0);
}

/** V8's gc(), without starting node with --expose-gc (the orchestrator spawns plain node). */
function exposeGc(): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
}

void main();
