// `npm run bench`: time from Generate to files on disk, memory, activation and bundle size.
// This process hosts the simulator; each measurement runs in child processes of its own so
// their baselines are clean. Not a pass/fail test: it exits 0 unless it could not run.
// Knobs (environment): BENCH_ROUNDS (pipeline rounds, default 9), BENCH_ACTIVATIONS (default 15),
// BENCH_CLI_RUNS (default 5), BENCH_MEMORY_RUNS (default 3), BENCH_TOOL_ROUNDS (default 7).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleReport } from './bundle';
import { toolOverhead, toolReport } from './toolOverhead';
import { mcpRun, type McpTimes } from './mcp';
import { SCAN_GOAL_MS_PER_MB, scanFigures, type ScanFigure } from './scan';
import type { BenchTarget, PipelineName, RunResult } from './pipelines';
import { startBenchSimulator, type TimelineEvent } from './sim';
import { kb, mb, ms, ratio, spread, summarize, table, verdict, type Summary } from './stats';
import { HEAVY_MODULES, HOST_BUILTINS, type ActivationSample } from './types';
import type { MemorySample, TimingOutput, WorkerJob } from './worker.run';

const GENERATION_LATENCY_MS = 500;
const DOWNLOAD_LATENCY_MS = 100;
const N = 4;
const SIZE = '2048x2048';
const MODEL = 'seedream-4-5-251128';
const GOALS = { coreVsFloor: 1.15, bundleKb: 150, activationMs: 20, memoryVsInFlight: 1.25, toolOverheadMs: 50 };

const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const ROUNDS = envInt('BENCH_ROUNDS', 9);
const ACTIVATIONS = envInt('BENCH_ACTIVATIONS', 15);
const CLI_RUNS = envInt('BENCH_CLI_RUNS', 5);
const MEMORY_REPS = envInt('BENCH_MEMORY_RUNS', 3);
const TOOL_ROUNDS = envInt('BENCH_TOOL_ROUNDS', 7);

// This file runs as out/test/bench/main.js.
const here = __dirname;
const root = path.resolve(here, '../../..');
const EXTENSION = path.join(root, 'dist/extension.js');
const CLI = path.join(root, 'dist/cli.js');

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = root): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

async function runJson<T>(args: string[]): Promise<T> {
  const r = await run(args);
  if (r.code !== 0)
    throw new Error(
      `${args
        .map((a) => path.basename(a))
        .join(' ')
        .slice(0, 80)} exited ${r.code}: ${r.stderr.trim()}`,
    );
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as T;
}

const worker = (job: WorkerJob): string[] => ['--expose-gc', path.join(here, 'worker.run.js'), JSON.stringify(job)];

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<number> {
  for (const f of [
    EXTENSION,
    CLI,
    path.join(here, 'worker.run.js'),
    path.join(here, 'activate.run.js'),
    path.join(here, 'webready.run.js'),
  ]) {
    if (!existsSync(f)) {
      process.stderr.write(`bench: ${path.relative(root, f)} is missing: build first (npm run bench does).\n`);
      return 1;
    }
  }
  const started = performance.now();
  // 0. Reference scanning, in this process: pure CPU, before anything else loads the machine.
  progress('reference scan: 1 MB of each ordinary and worst-case document, 7 runs each...');
  const scan = scanFigures();
  reportScan(scan);
  if (process.env['BENCH_ONLY'] === 'scan') return 0;
  const cpus = os.cpus();
  const loadBefore = os.loadavg();

  const [width = 0, height = 0] = SIZE.split('x').map(Number);
  const bench = await startBenchSimulator(GENERATION_LATENCY_MS, DOWNLOAD_LATENCY_MS, width, height);
  const target: BenchTarget = { baseUrl: bench.sim.baseUrl, apiKey: bench.sim.apiKey, n: N, size: SIZE, model: MODEL };
  try {
    // 1. The pipelines, interleaved in one process.
    progress(`pipelines: ${ROUNDS} rounds of core, sequential and floor (n=${N}), after 1 warm-up round...`);
    const timing = await runJson<TimingOutput>(worker({ mode: 'timing', target, rounds: ROUNDS, warmup: 1 }));

    // 2. Memory: one run per fresh process, so no earlier run's freed memory is still resident.
    progress(`memory: ${MEMORY_REPS} fresh processes per pipeline, and as many with forced GCs (live bytes)...`);
    const memory: Record<PipelineName, MemorySample[]> = { core: [], floor: [], sequential: [] };
    for (let rep = 0; rep < MEMORY_REPS; rep++) {
      for (const p of ['core', 'floor', 'sequential'] as const) {
        memory[p].push(await runJson<MemorySample>(worker({ mode: 'memory', target, pipeline: p })));
        memory[p].push(await runJson<MemorySample>(worker({ mode: 'memory', target, pipeline: p, liveGcEveryMs: 5 })));
      }
    }

    // 3. Activation in fresh processes, host-like and fully cold, alternating; and the bundle.
    progress(
      `activation: ${ACTIVATIONS} fresh processes with the host's built-ins loaded, ${ACTIVATIONS} fully cold, alternating...`,
    );
    const activations: ActivationSample[] = [];
    const coldActivations: ActivationSample[] = [];
    for (let i = 0; i < ACTIVATIONS; i++) {
      activations.push(
        await runJson<ActivationSample>([path.join(here, 'activate.run.js'), EXTENSION, '--host-builtins']),
      );
      coldActivations.push(await runJson<ActivationSample>([path.join(here, 'activate.run.js'), EXTENSION]));
    }
    const bundle = bundleReport(EXTENSION);

    // 4. The CLI, whole process, one image; with bare Node and `--help` beside it for scale.
    progress(
      `cli: ${CLI_RUNS} runs of one image, interleaved with node -e 0, --help and the MCP server (spawn, initialize, two calls)...`,
    );
    const cli = await cliRuns(target, bench.timeline);

    // 5. The agent tool, in a real VS Code where one is installed.
    progress(`agent tool: ${TOOL_ROUNDS} rounds in code-server, tool and bare core interleaved...`);
    const tool = await toolOverhead(root, target.baseUrl, target.apiKey, SIZE, TOOL_ROUNDS);

    const loadAfter = os.loadavg();
    report({
      timing,
      memory,
      activations,
      coldActivations,
      bundle,
      cli,
      cpus,
      loadBefore,
      loadAfter,
      preEncoded: bench.preEncoded(),
      lateEncodes: bench.late(),
      cdnMs: bench.cdn.map((c) => c.ms),
    });
    say(toolReport(tool, TOOL_ROUNDS, SIZE, GOALS.toolOverheadMs));

    // 6. Web-ready assets (webready.run.ts): formats, sharp's builds, the pipeline with conversion.
    progress('web-ready: formats, SSIM, sharp builds and the pipeline with conversion...');
    const webready = await run([path.join(here, 'webready.run.js')]);
    say('');
    say(webready.stdout.trimEnd());
    if (webready.code !== 0) say(`(web-ready benchmark failed: ${webready.stderr.trim().slice(0, 400)})`);
    say(`\n(benchmark took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    await bench.sim.close();
  }
}

interface CliTimes {
  generate: number[];
  help: number[];
  bare: number[];
  /** `aisa-image mcp`, interleaved with the CLI runs: one fresh server per round. */
  mcp: McpTimes[];
  /** require(dist/mcp.js) in a fresh process, timed inside it: what the SDK bundle costs to load. */
  mcpRequire: number[];
  /** Per generate run, from the simulator's clock: where the whole-process time went. */
  phases: {
    toRequest: number;
    generation: number;
    answerToDownload: number;
    download: number;
    afterDownload: number;
  }[];
}

async function cliRuns(target: BenchTarget, timeline: readonly TimelineEvent[]): Promise<CliTimes> {
  const out: CliTimes = { generate: [], help: [], bare: [], mcp: [], mcpRequire: [], phases: [] };
  const requireMcp = `const t = performance.now(); require(${JSON.stringify(path.join(path.dirname(CLI), 'mcp.js'))}); console.log(performance.now() - t);`;
  const env = { ...process.env, AISA_BASE_URL: target.baseUrl, AISA_API_KEY: target.apiKey };
  for (let i = 0; i <= CLI_RUNS; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aisa-bench-cli-'));
    try {
      const from = timeline.length;
      const t0 = performance.now();
      const gen = await run(
        [CLI, 'generate', '--prompt', 'benchmark: one red panda', '--n', '1', '--size', SIZE, '--out', dir],
        env,
      );
      const t5 = t0 + gen.ms;
      if (gen.code !== 0) throw new Error(`cli exited ${gen.code}: ${gen.stderr.trim()}`);
      const help = await run([CLI, '--help']);
      const bare = await run(['-e', '0']);
      const mcp = await mcpRun(CLI, target, dir);
      const mcpRequire = Number((await run(['-e', requireMcp])).stdout.trim());
      // The first round warms the disk cache for node and the bundle.
      if (i > 0) {
        out.mcp.push(mcp);
        out.mcpRequire.push(mcpRequire);
        out.generate.push(gen.ms);
        out.help.push(help.ms);
        out.bare.push(bare.ms);
        const ev = timeline.slice(from);
        const at = (server: 'api' | 'cdn', what: 'request' | 'response'): number =>
          ev.find((e) => e.server === server && e.what === what)?.at ?? NaN;
        out.phases.push({
          toRequest: at('api', 'request') - t0,
          generation: at('api', 'response') - at('api', 'request'),
          answerToDownload: at('cdn', 'request') - at('api', 'response'),
          download: at('cdn', 'response') - at('cdn', 'request'),
          afterDownload: t5 - at('cdn', 'response'),
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return out;
}

interface Results {
  timing: TimingOutput;
  memory: Record<PipelineName, MemorySample[]>;
  activations: ActivationSample[];
  coldActivations: ActivationSample[];
  bundle: ReturnType<typeof bundleReport>;
  cli: CliTimes;
  cpus: os.CpuInfo[];
  loadBefore: number[];
  loadAfter: number[];
  preEncoded: number;
  lateEncodes: number;
  cdnMs: number[];
}

const col = (s: Summary, d = 0): string[] => [ms(s.median, d), `${s.min.toFixed(d)}-${s.max.toFixed(d)}`, ms(s.p90, d)];

function report(r: Results): void {
  const t = (p: PipelineName, f: (x: RunResult) => number): Summary => summarize(r.timing[p].map(f));
  const total = {
    core: t('core', (x) => x.totalMs),
    sequential: t('sequential', (x) => x.totalMs),
    floor: t('floor', (x) => x.totalMs),
  };
  const after = {
    core: t('core', (x) => x.totalMs - x.answeredMs),
    sequential: t('sequential', (x) => x.totalMs - x.answeredMs),
    floor: t('floor', (x) => x.totalMs - x.answeredMs),
  };
  const answered = {
    core: t('core', (x) => x.answeredMs),
    sequential: t('sequential', (x) => x.answeredMs),
    floor: t('floor', (x) => x.answeredMs),
  };
  const imageBytes = r.timing.core[0]?.bytes ?? NaN;
  const simulated = GENERATION_LATENCY_MS + DOWNLOAD_LATENCY_MS;
  const coreVsFloor = total.core.median / total.floor.median;
  const seqVsCore = total.sequential.median / total.core.median;
  // Per-round ratios too: both pipelines of a round saw the same load.
  const perRound = summarize(r.timing.core.map((c, i) => c.totalMs / (r.timing.floor[i]?.totalMs ?? NaN)));

  say('AIsa Images benchmark');
  say(
    `machine: ${r.cpus[0]?.model ?? 'unknown CPU'}, ${r.cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`,
  );
  const busiest = Math.max(r.loadBefore[0] ?? 0, r.loadAfter[0] ?? 0);
  say(
    `load average (1 min) before/after: ${r.loadBefore[0]?.toFixed(2)} / ${r.loadAfter[0]?.toFixed(2)}${busiest > r.cpus.length ? `: BUSY MACHINE (more runnable processes than cores), absolute times are inflated; ratios hold better` : ''}`,
  );
  say(
    `command: npm run bench${process.env['npm_lifecycle_script'] ? `  (${process.env['npm_lifecycle_script']})` : ''}`,
  );

  say(
    `\n1. Generate to files on disk: n=${N} x ${SIZE} incompressible PNG (${mb(imageBytes / N)} each, ${mb(imageBytes)} in all),`,
  );
  say(
    `   simulator on loopback: generation latency ${GENERATION_LATENCY_MS} ms, download latency ${DOWNLOAD_LATENCY_MS} ms (floor of the latency alone: ${simulated} ms).`,
  );
  say(
    `   ${r.timing.core.length} interleaved rounds after 1 warm-up; all three use node-fetch 3 (the core's default fetch).`,
  );
  say(
    table([
      ['pipeline', 'total median', 'min-max', 'p90', 'after the answer (median)', 'vs floor'],
      ['(a) core generateAndSave', ...col(total.core), ms(after.core.median), ratio(coreVsFloor)],
      [
        '(b) sequential, arrayBuffer+writeFile',
        ...col(total.sequential),
        ms(after.sequential.median),
        ratio(total.sequential.median / total.floor.median),
      ],
      ['(c) floor: parallel, streamed to disk', ...col(total.floor), ms(after.floor.median), ratio(1)],
    ]),
  );
  say(
    `   core / floor: ${ratio(coreVsFloor)} (ratio of medians); paired per round: median ${ratio(perRound.median)}, min-max ${perRound.min.toFixed(2)}-${perRound.max.toFixed(2)}; goal <= ${GOALS.coreVsFloor}x: ${verdict(coreVsFloor <= GOALS.coreVsFloor)}`,
  );
  say(
    `   sequential / core: ${ratio(seqVsCore)}; time above the simulated latency: core ${ms(total.core.median - simulated)}, floor ${ms(total.floor.median - simulated)}, sequential ${ms(total.sequential.median - simulated)}`,
  );
  say(
    `   API answer parsed after (median): core ${ms(answered.core.median)}, floor ${ms(answered.floor.median)}, sequential ${ms(answered.sequential.median)}`,
  );
  const cdn = summarize(r.cdnMs);
  say(
    `   simulator: ${r.preEncoded} images encoded ahead (${r.lateEncodes} not ready when the API answered); CDN response time incl. transfer ${spread(cdn)}`,
  );

  say(
    `\n2. Peak memory above a baseline taken just before the run, one run per fresh process (max of ${MEMORY_REPS}).`,
  );
  say(
    `   In flight: ${N} images = ${mb(imageBytes)}. heap+ab = heapUsed + arrayBuffers, sampled every 1 ms; "live" = sampled`,
  );
  say(
    '   right after a forced full GC every 5 ms (garbage such as socket chunks already copied or written is not counted).',
  );
  const memRows: string[][] = [
    [
      'pipeline',
      'RSS (kernel VmHWM)',
      'RSS (sampled)',
      'heap+ab',
      'live heap+ab',
      'RSS / in flight',
      'live / in flight',
    ],
  ];
  const mem = (p: PipelineName): { rss: number; rssSampled: number; hab: number; live: number } => {
    const plain = r.memory[p].filter((m) => !m.live);
    const max = (list: MemorySample[], f: (m: MemorySample) => number): number => Math.max(...list.map(f));
    const rss = max(plain, (m) => m.rssKernel);
    return {
      rss: Number.isFinite(rss) ? rss : max(plain, (m) => m.rss),
      rssSampled: max(plain, (m) => m.rss),
      hab: max(plain, (m) => m.heapPlusArrayBuffers),
      live: max(
        r.memory[p].filter((m) => m.live),
        (m) => m.heapPlusArrayBuffers,
      ),
    };
  };
  for (const p of ['core', 'floor', 'sequential'] as const) {
    const m = mem(p);
    memRows.push([
      p,
      mb(m.rss),
      mb(m.rssSampled),
      mb(m.hab),
      mb(m.live),
      ratio(m.rss / imageBytes),
      ratio(m.live / imageBytes),
    ]);
  }
  say(table(memRows));
  const coreMem = mem('core');
  const floorMem = mem('floor');
  // The floor holds no image (it streams to disk), so its RSS is what moving 50 MB through
  // node-fetch costs anyone: socket chunks awaiting the next GC. Above it is what the core keeps.
  const coreOverFloor = coreMem.rss - floorMem.rss;
  const memOk =
    coreMem.live <= GOALS.memoryVsInFlight * imageBytes && coreOverFloor <= GOALS.memoryVsInFlight * imageBytes;
  say(
    `   core RSS above the floor's: ${mb(coreOverFloor)} = ${ratio(coreOverFloor / imageBytes)} the bytes in flight; live: ${ratio(coreMem.live / imageBytes)}.`,
  );
  say(
    `   goal: what the core holds is about the bytes in flight, no second copy (live and RSS above the floor <= ${GOALS.memoryVsInFlight}x): ${verdict(memOk)}`,
  );

  say(
    `\n3. Extension bundle and activation: require(dist/extension.js) + activate() with a fake vscode module, each in a fresh`,
  );
  say(
    `   process (${r.activations.length} + ${r.coldActivations.length}, alternating). "host": Node built-ins the extension host has already loaded`,
  );
  say(`   (${HOST_BUILTINS.join(', ')}) are loaded first, as in VS Code; "cold": nothing preloaded.`);
  const bundleKb = r.bundle.bytes / 1024;
  say(
    `   dist/extension.js: ${r.bundle.bytes} bytes = ${kb(r.bundle.bytes)}; goal <= ${GOALS.bundleKb} KB: ${verdict(bundleKb <= GOALS.bundleKb)}`,
  );
  if (r.bundle.parts.length)
    say(
      `   made of: ${r.bundle.parts
        .slice(0, 6)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(', ')}`,
    );
  // Required on the first generation, never at activation: its size is paid then, once.
  const fetchFile = path.join(path.dirname(EXTENSION), 'fetch.js');
  if (existsSync(fetchFile))
    say(`   beside it, loaded on the first generation: dist/fetch.js (node-fetch) ${kb(statSync(fetchFile).size)}`);
  const mcpFile = path.join(path.dirname(EXTENSION), 'mcp.js');
  const mcpParts = existsSync(mcpFile) ? bundleReport(mcpFile).parts : [];
  if (existsSync(mcpFile)) {
    say(
      `   not loaded by the extension: dist/cli.js ${kb(statSync(CLI).size)}; dist/mcp.js (the MCP server, required by \`aisa-image mcp\` only) ${kb(statSync(mcpFile).size)}`,
    );
    say(
      `   dist/mcp.js made of: ${mcpParts
        .slice(0, 6)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(', ')}`,
    );
  }
  const all = [...r.activations, ...r.coldActivations];
  const ok = r.activations.filter((a) => !a.error);
  const okCold = r.coldActivations.filter((a) => !a.error);
  const failed = all.find((a) => a.error);
  if (failed)
    say(
      `   activation FAILED in ${all.filter((a) => a.error).length} of ${all.length} runs: ${failed.error?.split('\n')[0] ?? ''}`,
    );
  const act = {
    total: summarize(ok.map((a) => a.totalMs)),
    req: summarize(ok.map((a) => a.requireMs)),
    activate: summarize(ok.map((a) => a.activateMs)),
  };
  const cold = {
    total: summarize(okCold.map((a) => a.totalMs)),
    req: summarize(okCold.map((a) => a.requireMs)),
    activate: summarize(okCold.map((a) => a.activateMs)),
  };
  say(
    table([
      ['activation', 'median', 'min-max', 'p90'],
      ['host: require(bundle)', ...col(act.req, 1)],
      ['host: activate()', ...col(act.activate, 1)],
      ['host: total', ...col(act.total, 1)],
      ['cold: require(bundle)', ...col(cold.req, 1)],
      ['cold: activate()', ...col(cold.activate, 1)],
      ['cold: total', ...col(cold.total, 1)],
    ]),
  );
  say(
    `   goal: host total <= ${GOALS.activationMs} ms: ${verdict(act.total.median <= GOALS.activationMs)} (cold: ${verdict(cold.total.median <= GOALS.activationMs)})`,
  );
  const loaded = new Set(okCold.flatMap((a) => [...a.loadedDuringRequire, ...a.loadedDuringActivate]));
  const heavy = HEAVY_MODULES.filter((m) => loaded.has(m));
  const sockets = Math.max(0, ...all.map((a) => a.sockets));
  const pending = new Set(all.flatMap((a) => a.pendingAfter));
  const first = okCold[0];
  say(
    `   modules loaded by require+activate: ${[...loaded].filter((m) => m !== 'vscode' && !m.endsWith('extension.js')).join(', ') || 'none'} (+ vscode)`,
  );
  say(
    `   nothing heavy at activation (no ${HEAVY_MODULES.slice(0, 6).join('/')}... i.e. node-fetch not evaluated, no socket): ${verdict(heavy.length === 0 && sockets === 0)}${heavy.length ? `; loaded: ${heavy.join(', ')}` : ''}${sockets ? `; ${sockets} sockets` : ''}`,
  );
  say(
    `   activate registered ${first?.commands.length ?? 0} commands (${first?.commands.join(', ') ?? ''}), ${first?.subscriptions ?? 0} subscriptions; left pending: ${[...pending].join(', ') || 'nothing'}`,
  );

  say(
    `\n4. CLI, whole process, one ${SIZE} image against the simulator (${r.cli.generate.length} runs after a warm-up).`,
  );
  const cli = { generate: summarize(r.cli.generate), help: summarize(r.cli.help), bare: summarize(r.cli.bare) };
  say(
    table([
      ['process', 'median', 'min-max', 'p90'],
      ['node dist/cli.js generate --n 1', ...col(cli.generate)],
      [`  minus simulated latency (${simulated} ms)`, ...col(summarize(r.cli.generate.map((x) => x - simulated)))],
      ['node dist/cli.js --help', ...col(cli.help)],
      ['node -e 0 (bare Node startup)', ...col(cli.bare)],
    ]),
  );
  const phase = (f: (p: CliTimes['phases'][number]) => number): string => ms(summarize(r.cli.phases.map(f)).median);
  say(
    `   where generate's time goes (medians, simulator's clock): spawn to API request ${phase((p) => p.toRequest)}, generation ${phase((p) => p.generation)},`,
  );
  say(
    `   answer to download request ${phase((p) => p.answerToDownload)}, download incl. ${DOWNLOAD_LATENCY_MS} ms latency ${phase((p) => p.download)}, last byte sent to process exit ${phase((p) => p.afterDownload)}.`,
  );

  say(
    `\n5. The MCP server, as an agent starts it: the SDK's Client spawns node dist/cli.js mcp over stdio, initializes, and calls`,
  );
  say(`   generate_image twice (same image as above; one fresh server per round, interleaved with the CLI runs).`);
  const mcp = {
    ready: summarize(r.cli.mcp.map((m) => m.ready)),
    first: summarize(r.cli.mcp.map((m) => m.first)),
    second: summarize(r.cli.mcp.map((m) => m.second)),
  };
  say(
    table([
      ['aisa-image mcp (SDK client over stdio)', 'median', 'min-max', 'p90'],
      ['spawn to initialized (ready for calls)', ...col(mcp.ready)],
      ['require(dist/mcp.js), timed in the process', ...col(summarize(r.cli.mcpRequire), 1)],
      ['spawn to first generate_image result', ...col(mcp.first)],
      [`  minus simulated latency (${simulated} ms)`, ...col(summarize(r.cli.mcp.map((m) => m.first - simulated)))],
      ['second call on the warm server', ...col(mcp.second)],
      [`  minus simulated latency (${simulated} ms)`, ...col(summarize(r.cli.mcp.map((m) => m.second - simulated)))],
    ]),
  );
  say(
    `   MCP first result vs CLI whole process: ${ms(mcp.first.median - cli.generate.median)} (the CLI's time includes its exit; the server stays up).`,
  );

  say('\nSummary');
  say(
    table([
      ['measure', 'value', 'goal', ''],
      [
        'core / floor (n=4, median)',
        ratio(coreVsFloor),
        `<= ${GOALS.coreVsFloor}x`,
        verdict(coreVsFloor <= GOALS.coreVsFloor),
      ],
      ['sequential / core', ratio(seqVsCore), 'report', ''],
      [
        'core peak live heap+ab / in flight',
        ratio(coreMem.live / imageBytes),
        `<= ${GOALS.memoryVsInFlight}x`,
        verdict(coreMem.live <= GOALS.memoryVsInFlight * imageBytes),
      ],
      [
        'core peak RSS above floor / in flight',
        ratio(coreOverFloor / imageBytes),
        `<= ${GOALS.memoryVsInFlight}x`,
        verdict(coreOverFloor <= GOALS.memoryVsInFlight * imageBytes),
      ],
      ['core peak RSS (absolute) / in flight', ratio(coreMem.rss / imageBytes), 'report', ''],
      ['bundle dist/extension.js', kb(r.bundle.bytes), `<= ${GOALS.bundleKb} KB`, verdict(bundleKb <= GOALS.bundleKb)],
      [
        'activation, host built-ins loaded',
        ms(act.total.median, 1),
        `<= ${GOALS.activationMs} ms`,
        verdict(act.total.median <= GOALS.activationMs),
      ],
      [
        'activation, fully cold',
        ms(cold.total.median, 1),
        `<= ${GOALS.activationMs} ms`,
        verdict(cold.total.median <= GOALS.activationMs),
      ],
      [
        'nothing heavy at activation',
        heavy.length || sockets ? 'no' : 'yes',
        'yes',
        verdict(heavy.length === 0 && sockets === 0),
      ],
      ['CLI one image minus latency', ms(cli.generate.median - simulated), 'report', ''],
      [
        'MCP server, spawn to first result minus latency',
        ms(summarize(r.cli.mcp.map((m) => m.first)).median - simulated),
        'report',
        '',
      ],
      [
        'MCP server, warm call minus latency',
        ms(summarize(r.cli.mcp.map((m) => m.second)).median - simulated),
        'report',
        '',
      ],
    ]),
  );
}

function reportScan(figures: readonly ScanFigure[]): void {
  say('\nReference scan (findImageRefs), 1 MB of each, median of 7 runs after a warm-up');
  say(
    table([
      ['document', 'kind', 'ms per MB', 'references'],
      ...figures.map((f) => [f.name, f.kind, f.msPerMb.toFixed(1), String(f.refs)]),
    ]),
  );
  for (const kind of ['ordinary', 'worst case'] as const) {
    const worst = Math.max(...figures.filter((f) => f.kind === kind).map((f) => f.msPerMb));
    say(
      `   slowest ${kind}: ${worst.toFixed(1)} ms per MB (goal <= ${SCAN_GOAL_MS_PER_MB}): ${verdict(worst <= SCAN_GOAL_MS_PER_MB)}`,
    );
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
